package io.tidemark.bench.logs;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link ClientLogGenerator} produces.
 *
 * @param devices how many devices (anonymousIds) exist; their activity is Zipf-like by rank
 * @param events how many distinct events to generate (retried duplicates come on top)
 * @param seed the same seed gives the same lines, byte for byte
 * @param start the event time of the simulation's beginning
 * @param offlineSessionShare share of sessions recorded offline and uploaded hours later
 * @param retryBatchShare share of SDK batches delivered twice (same messageIds)
 */
public record LogOptions(int devices, long events, long seed, Instant start, double offlineSessionShare,
    double retryBatchShare) {

  public LogOptions {
    Objects.requireNonNull(start, "start");
    if (devices < 1) {
      throw new IllegalArgumentException("devices must be at least 1, got " + devices);
    }
    if (events < 0) {
      throw new IllegalArgumentException("events must not be negative, got " + events);
    }
    if (offlineSessionShare < 0 || offlineSessionShare > 1) {
      throw new IllegalArgumentException("offlineSessionShare must be in [0, 1], got " + offlineSessionShare);
    }
    if (retryBatchShare < 0 || retryBatchShare > 1) {
      throw new IllegalArgumentException("retryBatchShare must be in [0, 1], got " + retryBatchShare);
    }
  }

  /** About 2% of events uploaded hours late and 0.5% delivered twice. */
  public static LogOptions of(int devices, long events, long seed, Instant start) {
    return new LogOptions(devices, events, seed, start, 0.02, 0.005);
  }
}
