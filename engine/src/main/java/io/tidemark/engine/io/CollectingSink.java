package io.tidemark.engine.io;

import java.util.ArrayList;
import java.util.List;

/** Keeps every value in memory, across tasks; for tests and small bounded runs. */
public final class CollectingSink<T> implements SinkFactory<T> {

    private final List<T> values = new ArrayList<>();

    @Override
    public Sink<T> create(io.tidemark.engine.api.TaskInfo task) {
        return (value, timestamp) -> {
            synchronized (values) {
                values.add(value);
            }
        };
    }

    public List<T> values() {
        synchronized (values) {
            return List.copyOf(values);
        }
    }
}
