package io.tidemark.engine.io;

/**
 * Where results go. Called by the task's thread only. A transactional sink (Kafka, Parquet)
 * pre-commits in {@link #prepareSnapshot} and commits when the runtime says the checkpoint is
 * complete.
 */
@FunctionalInterface
public interface Sink<T> extends AutoCloseable {

    void write(T value, long timestamp);

    /** Called at the record boundary of snapshot {@code id}, before the state is captured. */
    default void prepareSnapshot(long id) {
    }

    @Override
    default void close() {
    }
}
