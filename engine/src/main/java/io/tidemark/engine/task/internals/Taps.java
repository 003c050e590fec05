package io.tidemark.engine.task.internals;

import io.tidemark.engine.api.OutputTag;

/** Observes what reaches sinks and side outputs; the test driver's window into a task. */
public interface Taps {

    Taps NONE = new Taps() {
    };

    default void sink(String name, Object value, long timestamp) {
    }

    default void sideOutput(OutputTag<?> tag, Object value, long timestamp) {
    }
}
