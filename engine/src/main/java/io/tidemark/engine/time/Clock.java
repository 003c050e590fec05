package io.tidemark.engine.time;

/**
 * The processing-time clock, injected wherever the engine reads the wall clock (processing-time
 * timers, lag metrics). Tests use {@link ManualClock}.
 */
@FunctionalInterface
public interface Clock {

    /** Milliseconds since the epoch. */
    long millis();

    static Clock system() {
        return System::currentTimeMillis;
    }
}
