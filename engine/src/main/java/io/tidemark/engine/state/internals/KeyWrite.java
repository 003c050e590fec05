package io.tidemark.engine.state.internals;

import io.tidemark.engine.state.KvBatch;
import io.tidemark.engine.state.KvStore;
import java.util.Arrays;
import java.util.List;

/** A key's write-back to the store: its new bytes, or a delete when {@code value} is null. */
record KeyWrite(byte[] key, byte[] value) {

    /**
     * Puts the writes into {@code batch} in key order (the store's order, unsigned bytes). RocksDB's
     * memtable inserts a sorted run of keys cheaply: each insert starts its skip-list search where
     * the previous one ended, instead of at the top (a cache miss per level for random keys, the
     * largest cost of dedup's evictions). Keys within one batch are distinct.
     */
    static void applyInKeyOrder(KvBatch batch, KvStore.Column column, List<KeyWrite> writes) {
        writes.sort((a, b) -> Arrays.compareUnsigned(a.key, b.key));
        for (KeyWrite w : writes) {
            if (w.value == null) {
                batch.delete(column, w.key);
            } else {
                batch.put(column, w.key, w.value);
            }
        }
    }
}
