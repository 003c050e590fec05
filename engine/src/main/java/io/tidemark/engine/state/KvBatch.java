package io.tidemark.engine.state;

/** Writes collected and applied together, in order, by {@link #commit()}. */
public interface KvBatch extends AutoCloseable {

    void put(KvStore.Column column, byte[] key, byte[] value);

    void delete(KvStore.Column column, byte[] key);

    /** Deletes, at commit, every entry the column holds when this is called; later writes of the batch survive. */
    void clear(KvStore.Column column);

    int count();

    void commit();

    @Override
    void close();
}
