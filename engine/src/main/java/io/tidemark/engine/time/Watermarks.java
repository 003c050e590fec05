package io.tidemark.engine.time;

/**
 * Watermark conventions, Flink's: a watermark {@code W} declares that event time has reached
 * {@code W}, so a record with timestamp {@code t <= W} is late, a timer at {@code t} fires once
 * {@code W >= t}, and a window {@code [start, end)} fires once {@code W >= end - 1}.
 *
 * <p>With a bounded out-of-orderness {@code d}, {@code W = maxEventTime - d - 1}: a record exactly
 * {@code d} behind the newest one is still on time.
 */
public final class Watermarks {

    /** Before any record: nothing is late. */
    public static final long MIN = Long.MIN_VALUE;

    /** End of input in bounded mode: every window and event-time timer fires. */
    public static final long END_OF_TIME = Long.MAX_VALUE;

    private Watermarks() {
    }

    /** The watermark that a maximum event time allows, saturating instead of overflowing. */
    public static long fromMaxEventTime(long maxEventTime, long outOfOrdernessMillis) {
        if (maxEventTime == Long.MIN_VALUE) {
            return MIN;
        }
        long w = maxEventTime - outOfOrdernessMillis - 1;
        return w > maxEventTime ? MIN : w;
    }
}
