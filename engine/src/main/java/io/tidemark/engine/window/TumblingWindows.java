package io.tidemark.engine.window;

import java.time.Duration;

/** Fixed-size, non-overlapping windows aligned to the epoch plus an offset. */
public final class TumblingWindows implements WindowAssigner {

    private final long size;
    private final long offset;

    private TumblingWindows(long size, long offset) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size + " ms");
        }
        if (offset < 0 || offset >= size) {
            throw new IllegalArgumentException("offset must be in [0, size): " + offset + " ms");
        }
        this.size = size;
        this.offset = offset;
    }

    public static TumblingWindows of(Duration size) {
        return new TumblingWindows(size.toMillis(), 0);
    }

    public static TumblingWindows of(Duration size, Duration offset) {
        return new TumblingWindows(size.toMillis(), offset.toMillis());
    }

    @Override
    public void assign(long timestamp, WindowSink sink) {
        long start = timestamp - Math.floorMod(timestamp - offset, size);
        sink.window(start, start + size);
    }

    @Override
    public int maxWindowsPerRecord() {
        return 1;
    }

    @Override
    public boolean isMerging() {
        return false;
    }

    @Override
    public String toString() {
        return "TumblingWindows[size=" + size + "ms, offset=" + offset + "ms]";
    }
}
