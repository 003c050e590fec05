package io.tidemark.gateway;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock tests set and advance. */
final class ManualClock implements InstantSource {
  private volatile Instant now;

  ManualClock(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  void set(Instant instant) {
    now = instant;
  }

  void advance(Duration d) {
    now = now.plus(d);
  }
}
