package io.tidemark.engine.time;

/** Which clock a timer follows. */
public enum TimeDomain {
    /** Fires when the task's watermark reaches the timer's timestamp. */
    EVENT_TIME,
    /** Fires when the injected {@link Clock} reaches the timer's timestamp. */
    PROCESSING_TIME
}
