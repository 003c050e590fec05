package io.tidemark.engine.io;

import java.util.Objects;

/** Bounded in-memory sources. */
public final class Sources {

    private Sources() {
    }

    /** Every task reads the whole iterable: for single-task runs and tests. */
    public static <T> Source<T> fromIterable(Iterable<T> values) {
        Objects.requireNonNull(values, "values");
        return task -> values.iterator();
    }

    /** No records: for pipelines fed only through {@code Task.process} or the test driver. */
    public static <T> Source<T> empty() {
        return task -> java.util.Collections.emptyIterator();
    }
}
