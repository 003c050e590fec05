package io.tidemark.engine.state.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.state.CacheOptions;
import io.tidemark.engine.state.KvBatch;
import io.tidemark.engine.state.KvStore;
import io.tidemark.engine.state.RocksDbOptions;
import io.tidemark.engine.state.ValueState;
import io.tidemark.engine.state.ValueStateDescriptor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBackCacheTest {

    @TempDir
    Path dir;

    @Test
    void repeatedUpdatesOfAHotKeyBecomeOneWriteAtFlush() {
        try (KvStore store = RocksDbKvStore.open(dir, RocksDbOptions.defaults())) {
            StateTable<String, Long> t = new StateTable<>(store, "op/count", Serdes.STRING, Serdes.LONG, false,
                    new CacheOptions(100, 1 << 20));
            for (long i = 0; i < 10_000; i++) {
                Long v = t.get("device-1", 0);
                t.put("device-1", v == null ? 1 : v + 1);
            }
            assertThat(store.get(store.column("op/count"), Serdes.STRING.serialize("device-1"))).isNull();
            try (KvBatch b = store.newBatch()) {
                t.flush(b, 0);
                assertThat(b.count()).isEqualTo(1);
                b.commit();
            }
            assertThat(t.writes).isEqualTo(1);
            assertThat(t.misses()).isEqualTo(1);
            assertThat(Serdes.LONG.deserialize(store.get(store.column("op/count"), Serdes.STRING.serialize("device-1"))))
                    .isEqualTo(10_000L);
        }
    }

    @Test
    void get_mostlyNewKeys_newKeysCostNoStoreReadAndEveryKnownKeyIsFoundCachedOrEvicted() {
        try (KvStore store = RocksDbKvStore.open(dir, RocksDbOptions.defaults())) {
            StateTable<String, Long> t = new StateTable<>(store, "dedup/seen", Serdes.STRING, Serdes.LONG, false,
                    new CacheOptions(100, 1 << 20));
            for (long i = 0; i < 5_000; i++) { // as dedup: read, then write a marker for a new key
                assertThat(t.get("m" + i, 0)).isNull();
                t.put("m" + i, i);
            }
            assertThat(t.misses()).isEqualTo(5_000);
            assertThat(t.storeReads()).as("filter false positives only").isLessThan(250);
            for (long i = 0; i < 5_000; i += 7) { // 4,900 of them were evicted to the store
                assertThat(t.get("m" + i, 0)).as("m%d", i).isEqualTo(i);
            }
            t.put("m4999", -1L);
            assertThat(t.get("m4999", 0)).isEqualTo(-1L);
        }
    }

    @Test
    void evictionWritesDirtyEntriesInBatchesAndKeepsRecentlyUsedOnes() {
        try (KvStore store = RocksDbKvStore.open(dir, RocksDbOptions.defaults())) {
            StateTable<String, Long> t = new StateTable<>(store, "op/v", Serdes.STRING, Serdes.LONG, false,
                    new CacheOptions(100, 1 << 20));
            for (long i = 0; i < 100; i++) {
                t.put("k" + i, i);
            }
            t.get("k5", 0); // referenced: survives the first sweep
            t.put("k100", 100L); // overflow: evicts down to 90 entries in one batch
            assertThat(t.cachedEntries()).isEqualTo(90);
            assertThat(t.evictions).isEqualTo(11);
            assertThat(t.writes).isEqualTo(11);
            long hitsBefore = t.hits();
            t.get("k5", 0);
            assertThat(t.hits()).isEqualTo(hitsBefore + 1);
            for (long i = 0; i <= 100; i++) {
                assertThat(t.get("k" + i, 0)).isEqualTo(i);
            }
        }
    }

    @Test
    void aValueStateWithItsOwnCacheBoundKeepsThatManyKeysAndReadsTheRestBack() {
        try (KvStore store = RocksDbKvStore.open(dir, RocksDbOptions.defaults())) {
            KeyContext<String> ctx = new KeyContext<>(() -> 0L);
            KeyedStateStore<String> states =
                    new KeyedStateStore<>(store, "dedup", Serdes.STRING, ctx, new CacheOptions(1_000, 1 << 20));
            ValueState<Long> bounded = states.value(ValueStateDescriptor.of("seen", Serdes.LONG).withCacheEntries(10));
            ValueState<Long> unbounded = states.value(ValueStateDescriptor.of("other", Serdes.LONG));
            for (long i = 0; i < 100; i++) {
                ctx.set("m" + i, 0);
                bounded.update(i);
                unbounded.update(i);
            }
            assertThat(states.tables()).extracting(StateTable::columnName, StateTable::cachedEntries)
                    .containsExactly(tuple("dedup/seen", 10), tuple("dedup/other", 100));
            for (long i = 0; i < 100; i++) {
                ctx.set("m" + i, 0);
                assertThat(bounded.value()).isEqualTo(i);
            }
        }
    }

    @Test
    void missesOnKeysNeverWrittenSkipTheStoreAndEvictedKeysAreReadBack() {
        try (KvStore store = RocksDbKvStore.open(dir, RocksDbOptions.defaults())) {
            StateTable<String, Long> t = new StateTable<>(store, "dedup/seen", Serdes.STRING, Serdes.LONG, false,
                    new CacheOptions(1_000, 1 << 20));
            for (long i = 0; i < 10_000; i++) {
                assertThat(t.get("m" + i, 0)).isNull();
                t.put("m" + i, i);
            }
            assertThat(t.misses()).isEqualTo(10_000);
            assertThat(t.storeReads()).as("reads of keys never written").isLessThan(300);
            long readsBefore = t.storeReads();
            for (long i = 0; i < 10_000; i++) {
                assertThat(t.get("m" + i, 0)).as("m%d after eviction", i).isEqualTo(i);
            }
            assertThat(t.storeReads() - readsBefore).isEqualTo(t.misses() - 10_000);
        }
    }

    @Test
    void aTableOverARestoredNonEmptyColumnReadsTheStoreOnEveryMiss() {
        try (KvStore store = RocksDbKvStore.open(dir, RocksDbOptions.defaults())) {
            try (KvBatch b = store.newBatch()) {
                b.put(store.column("op/v"), Serdes.STRING.serialize("old"), Serdes.LONG.serialize(7L));
                b.commit();
            }
            StateTable<String, Long> t = new StateTable<>(store, "op/v", Serdes.STRING, Serdes.LONG, false,
                    new CacheOptions(100, 1 << 20));
            assertThat(t.get("old", 0)).isEqualTo(7L);
            assertThat(t.get("new", 0)).isNull();
            assertThat(t.storeReads()).isEqualTo(2);
        }
    }
}
