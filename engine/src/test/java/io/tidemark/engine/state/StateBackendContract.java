package io.tidemark.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.state.internals.KeyContext;
import io.tidemark.engine.state.internals.KeyedStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link StateBackend} keeps, run through the write-back cache with a cache far
 * smaller than the key set so that reads and writes really go through the store.
 */
abstract class StateBackendContract {

    @TempDir
    Path dir;

    private final java.util.List<KvStore> opened = new java.util.ArrayList<>();
    private long watermark = Long.MIN_VALUE;

    abstract StateBackend backend();

    KeyedStateStore<String> keyed(KvStore store, int cacheEntries) {
        KeyContext<String> ctx = new KeyContext<>(() -> watermark);
        return new KeyedStateStore<>(store, "op", Serdes.STRING, ctx, new CacheOptions(cacheEntries, 1L << 30));
    }

    KvStore open(String name) {
        KvStore s = backend().open(dir.resolve(name));
        opened.add(s);
        return s;
    }

    KvStore restore(Path snapshot, String name) {
        KvStore s = backend().restore(snapshot, dir.resolve(name));
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(KvStore::close);
    }

    static void at(KeyedStateStore<String> s, String key, long ts) {
        s.keyContext().set(key, ts);
    }

    static void flush(KvStore store, KeyedStateStore<String> s) {
        try (KvBatch b = store.newBatch()) {
            s.flush(b, Long.MIN_VALUE);
            b.commit();
        }
    }

    @Test
    void valuesSurviveEvictionFromASmallCache() {
        KvStore store = open("work");
        KeyedStateStore<String> s = keyed(store, 8);
        ValueState<Long> v = s.value(ValueStateDescriptor.of("v", Serdes.LONG));
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < 500; k++) {
                at(s, "k" + k, 0);
                Long old = v.value();
                v.update(old == null ? 1 : old + 1);
            }
        }
        for (int k = 0; k < 500; k++) {
            at(s, "k" + k, 0);
            assertThat(v.value()).isEqualTo(3L);
        }
    }

    @Test
    void clearedValuesStayClearedAfterEvictionAndFlush() {
        KvStore store = open("work");
        KeyedStateStore<String> s = keyed(store, 4);
        ValueState<String> v = s.value(ValueStateDescriptor.of("v", Serdes.STRING));
        at(s, "a", 0);
        v.update("x");
        flush(store, s);
        v.clear();
        for (int k = 0; k < 100; k++) { // evict "a"
            at(s, "other" + k, 0);
            v.update("y");
        }
        at(s, "a", 0);
        assertThat(v.value()).isNull();
    }

    @Test
    void listAndMapStateKeepTheirContentsPerKey() {
        KvStore store = open("work");
        KeyedStateStore<String> s = keyed(store, 2);
        ListState<String> list = s.list(ListStateDescriptor.of("l", Serdes.STRING));
        MapState<String, Long> map = s.map(MapStateDescriptor.of("m", Serdes.STRING, Serdes.LONG));
        for (String key : List.of("a", "b", "c", "a", "b", "c")) {
            at(s, key, 0);
            list.add(key + list.get().size());
            map.put("n" + map.entries().size(), (long) map.entries().size());
        }
        at(s, "b", 0);
        assertThat(list.get()).containsExactly("b0", "b1");
        assertThat(map.entries()).isEqualTo(Map.of("n0", 0L, "n1", 1L));
        map.remove("n0");
        assertThat(map.contains("n0")).isFalse();
        list.update(List.of());
        assertThat(list.get()).isEmpty();
        assertThatThrownBy(() -> list.get().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aValueExpiresWhenTheWatermarkReachesWriteTimePlusTtl() {
        KvStore store = open("work");
        KeyedStateStore<String> s = keyed(store, 2);
        ValueState<String> v = s.value(ValueStateDescriptor.of("ttl", Serdes.STRING).withTtl(Duration.ofMillis(50)));
        at(s, "a", 100);
        v.update("fresh");
        at(s, "b", 100);
        v.update("evicts-nothing-yet");
        at(s, "c", 100);
        v.update("pushes-a-to-the-store");
        watermark = 149;
        at(s, "a", 149);
        assertThat(v.value()).as("alive one millisecond before expiry, read back from the store").isEqualTo("fresh");
        watermark = 150;
        assertThat(v.value()).isNull();
    }

    @Test
    void aWriteRefreshesTheTtl() {
        KvStore store = open("work");
        KeyedStateStore<String> s = keyed(store, 16);
        ValueState<Long> v = s.value(ValueStateDescriptor.of("ttl", Serdes.LONG).withTtl(Duration.ofMillis(50)));
        at(s, "a", 100);
        v.update(1L);
        watermark = 140;
        at(s, "a", 140);
        v.update(2L);
        watermark = 170;
        assertThat(v.value()).isEqualTo(2L);
        watermark = 190;
        assertThat(v.value()).isNull();
    }

    @Test
    void snapshotThenRestoreIntoANewStoreGivesTheSameState() {
        KvStore store = open("work");
        KeyedStateStore<String> s = keyed(store, 64);
        ValueState<Long> v = s.value(ValueStateDescriptor.of("v", Serdes.LONG));
        MapState<String, String> m = s.map(MapStateDescriptor.of("m", Serdes.STRING, Serdes.STRING));
        for (int k = 0; k < 1_000; k++) {
            at(s, "k" + k, 0);
            v.update((long) k);
            m.put("x", "v" + k);
        }
        at(s, "k7", 0);
        v.clear();
        flush(store, s);
        Path snap = dir.resolve("snap");
        List<io.tidemark.engine.snapshot.SnapshotFile> files = store.checkpoint(snap);
        assertThat(files).isNotEmpty();

        KvStore restored = restore(snap, "restored");
        KeyedStateStore<String> r = keyed(restored, 64);
        ValueState<Long> rv = r.value(ValueStateDescriptor.of("v", Serdes.LONG));
        MapState<String, String> rm = r.map(MapStateDescriptor.of("m", Serdes.STRING, Serdes.STRING));
        for (int k = 0; k < 1_000; k++) {
            at(r, "k" + k, 0);
            assertThat(rv.value()).isEqualTo(k == 7 ? null : (long) k);
            assertThat(rm.get("x")).isEqualTo("v" + k);
        }
    }

    @Test
    void writesAfterTheSnapshotDoNotLeakIntoIt() {
        KvStore store = open("work");
        KeyedStateStore<String> s = keyed(store, 64);
        ValueState<String> v = s.value(ValueStateDescriptor.of("v", Serdes.STRING));
        at(s, "a", 0);
        v.update("before");
        flush(store, s);
        Path snap = dir.resolve("snap");
        store.checkpoint(snap);
        v.update("after");
        flush(store, s);

        KeyedStateStore<String> r = keyed(restore(snap, "restored"), 64);
        ValueState<String> rv = r.value(ValueStateDescriptor.of("v", Serdes.STRING));
        at(r, "a", 0);
        assertThat(rv.value()).isEqualTo("before");
    }
}
