package io.tidemark.engine.window;

import java.util.Objects;

/** A record that arrived too late to count, with why: what the late-data side output carries. */
public record LateEvent<T>(T value, long timestamp, long watermark, Reason reason) {

    public enum Reason {
        /** Every window of the record had passed the watermark by more than the allowed lateness. */
        WINDOW_CLOSED
    }

    public LateEvent {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reason, "reason");
    }
}
