package io.tidemark.bench.peer;

import java.util.Objects;

/**
 * The fields of one Segment event line that both sides of the peer benchmarks read.
 *
 * @param key {@code anonymousId}, else {@code userId}: the device, the key of the session windows
 * @param eventTime the client's time corrected for its clock's skew (see {@link SegmentLines})
 */
public record LogEvent(String messageId, String type, String key, long eventTime) {

  public LogEvent {
    Objects.requireNonNull(key, "key");
  }
}
