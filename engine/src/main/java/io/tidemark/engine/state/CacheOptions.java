package io.tidemark.engine.state;

/**
 * Bounds of the write-back cache of each state of a task (each state has its own cache). Hot keys
 * stay on the heap as objects; a key's repeated updates become one write when the entry is evicted
 * (least recently used first, in batches) or flushed by a snapshot.
 *
 * @param maxEntries keys cached per state, at least 1
 * @param maxBytes   approximate bytes per state: entries weigh their last serialized key and value
 *                   size, {@value #UNKNOWN_ENTRY_BYTES} bytes until first written
 */
public record CacheOptions(int maxEntries, long maxBytes) {

    public static final int UNKNOWN_ENTRY_BYTES = 64;

    public CacheOptions {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
    }

    public static CacheOptions defaults() {
        return new CacheOptions(256 * 1024, 128L << 20);
    }
}
