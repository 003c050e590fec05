package io.tidemark.engine.state;

/**
 * Tuning of the per-task RocksDB instance. Defaults suit a laptop-sized worker with a few tasks;
 * every task gets its own block cache and write buffers, so multiply by tasks per worker.
 *
 * @param blockCacheBytes        LRU cache of uncompressed blocks, shared by the task's columns
 * @param writeBufferBytes       memtable size per column
 * @param maxWriteBuffers        memtables per column before writes stall
 * @param compression            for all levels but the last ({@code LZ4} is cheap on the CPU)
 * @param bottommostCompression  for the last level, where most bytes live ({@code ZSTD})
 * @param bloomBitsPerKey        bloom filter bits per key; makes misses on new keys cheap (0 = off)
 * @param maxBackgroundJobs      flush and compaction threads
 */
public record RocksDbOptions(long blockCacheBytes, long writeBufferBytes, int maxWriteBuffers,
                             Compression compression, Compression bottommostCompression,
                             int bloomBitsPerKey, int maxBackgroundJobs) {

    public enum Compression { NONE, LZ4, ZSTD, SNAPPY }

    public RocksDbOptions {
        positive("blockCacheBytes", blockCacheBytes);
        positive("writeBufferBytes", writeBufferBytes);
        positive("maxWriteBuffers", maxWriteBuffers);
        positive("maxBackgroundJobs", maxBackgroundJobs);
        if (compression == null || bottommostCompression == null) {
            throw new IllegalArgumentException("compression and bottommostCompression must not be null");
        }
        if (bloomBitsPerKey < 0 || bloomBitsPerKey > 32) {
            throw new IllegalArgumentException("bloomBitsPerKey must be in [0, 32]: " + bloomBitsPerKey);
        }
    }

    public static RocksDbOptions defaults() {
        return new RocksDbOptions(64L << 20, 32L << 20, 3, Compression.LZ4, Compression.ZSTD, 10, 2);
    }

    public RocksDbOptions withBlockCacheBytes(long bytes) {
        return new RocksDbOptions(bytes, writeBufferBytes, maxWriteBuffers, compression, bottommostCompression,
                bloomBitsPerKey, maxBackgroundJobs);
    }

    public RocksDbOptions withWriteBufferBytes(long bytes) {
        return new RocksDbOptions(blockCacheBytes, bytes, maxWriteBuffers, compression, bottommostCompression,
                bloomBitsPerKey, maxBackgroundJobs);
    }

    public RocksDbOptions withCompression(Compression levels, Compression bottommost) {
        return new RocksDbOptions(blockCacheBytes, writeBufferBytes, maxWriteBuffers, levels, bottommost,
                bloomBitsPerKey, maxBackgroundJobs);
    }

    private static void positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + v);
        }
    }
}
