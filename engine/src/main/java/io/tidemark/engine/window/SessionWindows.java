package io.tidemark.engine.window;

import java.time.Duration;

/**
 * Sessions of activity per key separated by at least {@code gap} of inactivity. A record at
 * {@code t} opens the session {@code [t, t + gap)}; sessions that overlap or touch merge:
 *
 * <pre>
 *  gap = 10
 *  records at 0 and 10   [0,10) + [10,20)  touch   -> one session [0, 20)  (a gap of exactly gap stays)
 *  records at 0 and 11   [0,10) , [11,21)  apart   -> two sessions
 *  records 0, 25, then 12 [0,10) [25,35) + [12,22)  -> [12,22) touches neither: three sessions
 *  records 0, 18, then 9  [0,10) [18,28) + [9,19)   -> the bridge merges all: [0, 28)
 * </pre>
 *
 * A session ends {@code gap} after its last record and fires when the watermark reaches
 * {@code end - 1}.
 */
public final class SessionWindows implements WindowAssigner {

    private final long gap;

    private SessionWindows(long gap) {
        if (gap <= 0) {
            throw new IllegalArgumentException("gap must be positive: " + gap + " ms");
        }
        this.gap = gap;
    }

    public static SessionWindows withGap(Duration gap) {
        return new SessionWindows(gap.toMillis());
    }

    public long gapMillis() {
        return gap;
    }

    @Override
    public void assign(long timestamp, WindowSink sink) {
        sink.window(timestamp, timestamp + gap);
    }

    @Override
    public int maxWindowsPerRecord() {
        return 1;
    }

    @Override
    public boolean isMerging() {
        return true;
    }

    /** Whether two windows merge: they overlap or touch. */
    public static boolean mergeable(long start1, long end1, long start2, long end2) {
        return start1 <= end2 && start2 <= end1;
    }

    @Override
    public String toString() {
        return "SessionWindows[gap=" + gap + "ms]";
    }
}
