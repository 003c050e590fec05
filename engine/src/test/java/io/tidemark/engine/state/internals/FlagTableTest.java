package io.tidemark.engine.state.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.state.CacheOptions;
import io.tidemark.engine.state.KvBatch;
import io.tidemark.engine.state.KvStore;
import io.tidemark.engine.state.RocksDbOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagTableTest {

    private static final String COLUMN = "dedup/seen";

    @TempDir
    Path dir;

    /** What a flag state must answer: the last value written, unless removed or expired at {@code now}. */
    private record Flag(boolean value, long expiresAt) {
    }

    @Test
    void readsAsTheLastWriteUntilExpiry_throughCompactionsSpillsAndFlushes_andRestoresFromTheStore() {
        SplittableRandom random = new SplittableRandom(7);
        Map<String, Flag> model = new HashMap<>();
        try (KvStore store = RocksDbKvStore.open(dir, RocksDbOptions.defaults())) {
            // 16 KiB: a few hundred keys, so the table drops expired keys and spills many times
            FlagTable<String> t = new FlagTable<>(store, COLUMN, Serdes.STRING, true, 16 << 10);
            long now = 0;
            for (int i = 0; i < 60_000; i++) {
                now += random.nextInt(3);
                String key = "message-" + random.nextInt(4_000);
                Flag expected = model.get(key);
                if (expected != null && expected.expiresAt() <= now) {
                    model.remove(key);
                    expected = null;
                }
                assertThat(t.get(key, now)).as("%s at %d (op %d)", key, now, i)
                        .isEqualTo(expected == null ? null : expected.value());
                int op = random.nextInt(10);
                if (op < 6) {
                    Flag f = new Flag(random.nextBoolean(), now + 1 + random.nextInt(random.nextBoolean() ? 200 : 20_000));
                    t.put(key, f.value(), f.expiresAt());
                    model.put(key, f);
                } else if (op == 6) {
                    t.put(key, null, Long.MAX_VALUE);
                    model.remove(key);
                } else if (op == 7 && random.nextInt(50) == 0) {
                    try (KvBatch b = store.newBatch()) {
                        t.flush(b, now);
                        b.commit();
                    }
                }
            }
            assertThat(t.spills).as("spills").isPositive();
            assertThat(t.compactions).as("compactions").isGreaterThan(t.spills);
            try (KvBatch b = store.newBatch()) {
                t.flush(b, now);
                b.commit();
            }

            FlagTable<String> restored = new FlagTable<>(store, COLUMN, Serdes.STRING, true, 16 << 10);
            StateTable<String, Boolean> asValueState = new StateTable<>(store, COLUMN, Serdes.STRING, Serdes.BOOLEAN,
                    true, new CacheOptions(100, 1 << 20));
            for (int m = 0; m < 4_000; m++) {
                String key = "message-" + m;
                Flag f = model.get(key);
                Boolean expected = f == null || f.expiresAt() <= now ? null : f.value();
                assertThat(restored.get(key, now)).as("restored %s", key).isEqualTo(expected);
                assertThat(asValueState.get(key, now)).as("as a ValueState<Boolean>: %s", key).isEqualTo(expected);
            }
        }
    }

    @Test
    void withinItsBoundWritesNothingUntilFlush_thenEveryLiveFlagAndNoExpiredOne() {
        try (KvStore store = RocksDbKvStore.open(dir, RocksDbOptions.defaults())) {
            FlagTable<String> t = new FlagTable<>(store, COLUMN, Serdes.STRING, true, 64 << 20);
            for (int i = 0; i < 100_000; i++) {
                String key = "m" + i;
                assertThat(t.get(key, i)).isNull();
                t.put(key, Boolean.TRUE, i + 50_000L);
            }
            assertThat(t.get("m99999", 100_000)).isTrue();
            assertThat(t.get("m49999", 100_000)).as("expired at 99,999").isNull();
            assertThat(store.isEmpty(store.column(COLUMN))).isTrue();
            try (KvBatch b = store.newBatch()) {
                t.flush(b, 100_000);
                assertThat(b.count()).as("the 49,999 flags alive at 100,000").isEqualTo(49_999);
                b.commit();
            }
            StateTable<String, Boolean> reader = new StateTable<>(store, COLUMN, Serdes.STRING, Serdes.BOOLEAN, true,
                    new CacheOptions(100, 1 << 20));
            assertThat(reader.get("m50001", 100_000)).isTrue();
            assertThat(reader.get("m50000", 100_000)).isNull();
        }
    }

    @Test
    void readsFlagsAValueStateOfTheSameColumnWrote() {
        try (KvStore store = RocksDbKvStore.open(dir, RocksDbOptions.defaults())) {
            StateTable<String, Boolean> writer = new StateTable<>(store, COLUMN, Serdes.STRING, Serdes.BOOLEAN, true,
                    new CacheOptions(100, 1 << 20));
            writer.put("a", Boolean.TRUE, 1_000);
            writer.put("b", Boolean.FALSE, 1_000);
            writer.put("c", Boolean.TRUE, 10);
            try (KvBatch b = store.newBatch()) {
                writer.flush(b, 0);
                b.commit();
            }
            FlagTable<String> t = new FlagTable<>(store, COLUMN, Serdes.STRING, true, 1 << 20);
            assertThat(t.get("a", 100)).isTrue();
            assertThat(t.get("b", 100)).isFalse();
            assertThat(t.get("c", 100)).isNull();
            assertThat(t.get("d", 100)).isNull();
            t.put("a", null, Long.MAX_VALUE);
            try (KvBatch b = store.newBatch()) {
                t.flush(b, 100);
                b.commit();
            }
            assertThat(store.get(store.column(COLUMN), Serdes.STRING.serialize("a"))).as("removed").isNull();
            assertThat(store.get(store.column(COLUMN), Serdes.STRING.serialize("c"))).as("expired").isNull();
        }
    }

    @Test
    void keysWhoseHashesCollideStayApart() {
        try (KvStore store = RocksDbKvStore.open(dir, RocksDbOptions.defaults())) {
            FlagTable<String> t = new FlagTable<>(store, COLUMN, Serdes.STRING, false, 1 << 20, key -> 42L);
            for (int i = 0; i < 500; i += 2) {
                t.put("m" + i, i % 4 == 0, Long.MAX_VALUE);
            }
            for (int i = 0; i < 500; i++) {
                assertThat(t.get("m" + i, 0)).as("m%d", i).isEqualTo(i % 2 == 1 ? null : i % 4 == 0);
            }
        }
    }
}
