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

    /**
     * The runtime made snapshot {@code id} durable on every task: outputs pre-committed for it (and
     * for earlier ids) may become visible. Never called by the engine core itself.
     */
    default void snapshotComplete(long id) {
    }

    @Override
    default void close() {
    }
}
