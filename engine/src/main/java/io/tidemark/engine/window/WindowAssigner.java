package io.tidemark.engine.window;

/**
 * Which windows a record belongs to. The three kinds are {@link TumblingWindows},
 * {@link SlidingWindows} and {@link SessionWindows} (the only merging one).
 */
public sealed interface WindowAssigner permits TumblingWindows, SlidingWindows, SessionWindows {

    /**
     * Calls {@code sink} with the start and end of every window containing {@code timestamp}, in
     * ascending order of start.
     */
    void assign(long timestamp, WindowSink sink);

    boolean isMerging();

    /** The most windows {@link #assign} can produce for one timestamp. */
    int maxWindowsPerRecord();

    @FunctionalInterface
    interface WindowSink {
        void window(long start, long end);
    }
}
