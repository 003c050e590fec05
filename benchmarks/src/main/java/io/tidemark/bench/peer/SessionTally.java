package io.tidemark.bench.peer;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Counts the final sessions of a session-window job from what the window operator emits, the same
 * way for our engine and for Apache Flink.
 *
 * <p>With allowed lateness, both emit a session when the watermark passes it and again, whole, after
 * every late event that changes it; a late event that bridges two sessions emits the merged session,
 * which covers both. So the tally upserts by range: an emitted session replaces every live session of
 * its key that it overlaps (live sessions of a key never touch: touching sessions merge). A session
 * whose end − 1 + lateness the watermark has reached can no longer change (both engines drop its
 * state then); it is counted and forgotten, which keeps the tally's heap small. The result does not
 * depend on when the watermark moved, only on which events were dropped as too late (none, when the
 * lateness covers the input's worst delay).
 *
 * <p>One instance per task (keys are partitioned), used by that task's thread only.
 */
public final class SessionTally {

  /** How far (event time) the watermark moves between two sweeps of every key. */
  private static final long SWEEP_EVERY_MS = 3_600_000;

  private final long latenessMs;
  private final Map<String, long[]> live = new HashMap<>();
  private long finalized;
  private long emissions;
  private long lastSweep = Long.MIN_VALUE;

  public SessionTally(long latenessMs) {
    if (latenessMs < 0) {
      throw new IllegalArgumentException("latenessMs must not be negative, got " + latenessMs);
    }
    this.latenessMs = latenessMs;
  }

  /** The window operator emitted session [start, end) of {@code key}. */
  public void emitted(String key, long start, long end) {
    emissions++;
    long[] s = live.get(key);
    if (s == null) {
      live.put(key, new long[] {start, end});
      return;
    }
    int kept = 0;
    long[] out = new long[s.length + 2];
    for (int i = 0; i < s.length; i += 2) {
      if (s[i] < end && s[i + 1] > start) {
        continue; // replaced by the emitted session
      }
      out[kept++] = s[i];
      out[kept++] = s[i + 1];
    }
    out[kept++] = start;
    out[kept++] = end;
    live.put(key, kept == out.length ? out : java.util.Arrays.copyOf(out, kept));
  }

  /** The watermark reached {@code watermark}: sessions it closed for good are counted and dropped. */
  public void watermark(long watermark) {
    if (watermark == Long.MIN_VALUE
        || (lastSweep != Long.MIN_VALUE && watermark != Long.MAX_VALUE && watermark < lastSweep + SWEEP_EVERY_MS)) {
      return;
    }
    lastSweep = watermark;
    Iterator<Map.Entry<String, long[]>> it = live.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, long[]> e = it.next();
      long[] s = e.getValue();
      int kept = 0;
      for (int i = 0; i < s.length; i += 2) {
        if (s[i + 1] - 1 + latenessMs <= watermark) {
          finalized++;
        } else {
          s[kept++] = s[i];
          s[kept++] = s[i + 1];
        }
      }
      if (kept == 0) {
        it.remove();
      } else if (kept < s.length) {
        e.setValue(java.util.Arrays.copyOf(s, kept));
      }
    }
  }

  /** Final sessions so far: the finalized ones plus the live ones (all of them at end of input). */
  public long sessions() {
    long n = finalized;
    for (long[] s : live.values()) {
      n += s.length / 2;
    }
    return n;
  }

  /** Results the window operator emitted (first results and late updates). */
  public long emissions() {
    return emissions;
  }
}
