package io.tidemark.experiment.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * A gap session of one device: consecutive events at most {@link #GAP_MILLIS} apart, the
 * sessionizer's rule ({@code start - G <= t <= end + G} joins). Sessions here are per device over
 * all its events; the sessionizer's {@code sessions} table also splits them by source.
 */
record Session(long start, long end) {

  /** The inactivity gap that ends a session: 30 minutes. */
  static final long GAP_MILLIS = 30 * 60_000L;

  /** Duration in seconds, as {@code session_duration} sums it. */
  double seconds() {
    return (end - start) / 1000.0;
  }

  /** The sessions of sorted event times. */
  static List<Session> of(List<Long> sortedTimes) {
    List<Session> out = new ArrayList<>();
    long start = 0;
    long end = 0;
    boolean open = false;
    for (long t : sortedTimes) {
      if (open && t - end <= GAP_MILLIS) {
        end = t;
        continue;
      }
      if (open) {
        out.add(new Session(start, end));
      }
      start = t;
      end = t;
      open = true;
    }
    if (open) {
      out.add(new Session(start, end));
    }
    return out;
  }
}
