package io.tidemark.engine.state;

import io.tidemark.engine.snapshot.SnapshotFile;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The byte-level store under a task's keyed state: named columns of sorted byte keys. One instance
 * per task, used by that task's thread only. The write-back cache above it decides when to write;
 * the store is the durable copy only once {@link #checkpoint(Path)} has returned (no write-ahead
 * log: checkpoints are the durability).
 */
public interface KvStore extends AutoCloseable {

    /** The column of that name, created empty if it does not exist. */
    Column column(String name);

    /** The value, or {@code null}. */
    byte[] get(Column column, byte[] key);

    /** A batch of writes applied atomically by {@link KvBatch#commit()}. */
    KvBatch newBatch();

    /** True when the column holds no entry (a fresh column, or one a restored snapshot left empty). */
    boolean isEmpty(Column column);

    /** Visits every entry of the column in unsigned byte order of keys. */
    void scan(Column column, BiConsumer<byte[], byte[]> visitor);

    /**
     * Copies a consistent image of every committed write into {@code directory}, which must not
     * exist yet, and lists its files.
     */
    List<SnapshotFile> checkpoint(Path directory);

    @Override
    void close();

    /** A handle on a named column. */
    interface Column {
        String name();
    }
}
