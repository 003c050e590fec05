package io.tidemark.engine.window;

/**
 * The half-open interval {@code [start, end)} of event time. It fires when the watermark reaches
 * {@link #maxTimestamp()}, {@code end - 1}.
 */
public record TimeWindow(long start, long end) {

    public TimeWindow {
        if (end <= start) {
            throw new IllegalArgumentException("end must be after start: [" + start + ", " + end + ")");
        }
    }

    public long maxTimestamp() {
        return end - 1;
    }

    public long size() {
        return end - start;
    }
}
