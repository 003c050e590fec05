package io.tidemark.engine.time.internals;

import io.tidemark.engine.time.Watermarks;

/**
 * The task's watermark: {@code max event time seen - out-of-orderness - 1}, never decreasing.
 * It can also be pushed forward explicitly (tests, idle sources, end of input).
 */
public final class WatermarkTracker {

    private final long outOfOrdernessMillis;
    private long maxEventTime = Long.MIN_VALUE;
    private long watermark = Watermarks.MIN;

    public WatermarkTracker(long outOfOrdernessMillis) {
        if (outOfOrdernessMillis < 0) {
            throw new IllegalArgumentException("out-of-orderness must not be negative: " + outOfOrdernessMillis);
        }
        this.outOfOrdernessMillis = outOfOrdernessMillis;
    }

    /** Records an event time; returns the watermark it allows (maybe unchanged). */
    public long observe(long eventTime) {
        if (eventTime > maxEventTime) {
            maxEventTime = eventTime;
            long w = Watermarks.fromMaxEventTime(eventTime, outOfOrdernessMillis);
            if (w > watermark) {
                watermark = w;
            }
        }
        return watermark;
    }

    /** Moves the watermark to {@code w} if that is later; returns the watermark. */
    public long advanceTo(long w) {
        if (w > watermark) {
            watermark = w;
        }
        return watermark;
    }

    public void restore(long watermark, long maxEventTime) {
        this.watermark = watermark;
        this.maxEventTime = maxEventTime;
    }

    public long watermark() {
        return watermark;
    }

    public long maxEventTime() {
        return maxEventTime;
    }

    public long outOfOrdernessMillis() {
        return outOfOrdernessMillis;
    }
}
