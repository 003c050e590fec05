package io.tidemark.engine.window;

import java.time.Duration;

/**
 * Windows of {@code size} starting every {@code slide}; a record belongs to {@code size / slide}
 * windows (rounded up). Aligned to the epoch.
 */
public final class SlidingWindows implements WindowAssigner {

    private final long size;
    private final long slide;

    private SlidingWindows(long size, long slide) {
        if (size <= 0 || slide <= 0) {
            throw new IllegalArgumentException("size and slide must be positive: " + size + ", " + slide + " ms");
        }
        if (slide > size) {
            throw new IllegalArgumentException("slide must not exceed size (records would fall in no window): "
                    + slide + " > " + size + " ms");
        }
        if (size / slide > 10_000) {
            throw new IllegalArgumentException("size / slide must be at most 10000 windows per record: " + size / slide);
        }
        this.size = size;
        this.slide = slide;
    }

    public static SlidingWindows of(Duration size, Duration slide) {
        return new SlidingWindows(size.toMillis(), slide.toMillis());
    }

    @Override
    public void assign(long timestamp, WindowSink sink) {
        long lastStart = timestamp - Math.floorMod(timestamp, slide);
        long first = lastStart;
        while (first - slide > timestamp - size) {
            first -= slide;
        }
        for (long start = first; start <= lastStart; start += slide) {
            sink.window(start, start + size);
        }
    }

    @Override
    public int maxWindowsPerRecord() {
        return (int) Math.min(Integer.MAX_VALUE, (size + slide - 1) / slide);
    }

    @Override
    public boolean isMerging() {
        return false;
    }

    @Override
    public String toString() {
        return "SlidingWindows[size=" + size + "ms, slide=" + slide + "ms]";
    }
}
