package io.tidemark.engine.config;

import io.tidemark.engine.state.CacheOptions;
import io.tidemark.engine.state.RocksDbOptions;
import io.tidemark.engine.state.RocksDbOptions.Compression;
import io.tidemark.engine.state.StateBackend;
import io.tidemark.engine.state.StateBackends;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's settings, each declared once with default, rule and documentation. Building from
 * strings validates every key and reports all problems at once.
 */
public final class EngineConfig {

    public enum Backend { ROCKSDB, MEMORY }

    public static final Setting<Long> OUT_OF_ORDERNESS_MS = Setting.longSetting("watermark.out-of-orderness.ms",
            5_000, 0, "How far behind the newest event time a record may arrive and still be on time.");
    public static final Setting<Backend> STATE_BACKEND = Setting.enumSetting("state.backend", Backend.ROCKSDB,
            Backend.class, "Where keyed state lives: rocksdb (disk, one instance per task) or memory (heap).");
    public static final Setting<Integer> CACHE_MAX_ENTRIES = Setting.intSetting("state.cache.max-entries",
            256 * 1024, 1, Integer.MAX_VALUE, "Keys kept as objects in the write-back cache, per state.");
    public static final Setting<Long> CACHE_MAX_BYTES = Setting.longSetting("state.cache.max-bytes", 128L << 20, 1,
            "Approximate bytes of the write-back cache, per state.");
    public static final Setting<Long> BLOCK_CACHE_BYTES = Setting.longSetting("state.rocksdb.block-cache.bytes",
            64L << 20, 1, "RocksDB block cache per task.");
    public static final Setting<Long> WRITE_BUFFER_BYTES = Setting.longSetting("state.rocksdb.write-buffer.bytes",
            32L << 20, 1, "RocksDB memtable size per column family.");
    public static final Setting<Integer> MAX_WRITE_BUFFERS = Setting.intSetting("state.rocksdb.max-write-buffers",
            3, 1, 64, "RocksDB memtables per column family before writes stall.");
    public static final Setting<Compression> COMPRESSION = Setting.enumSetting("state.rocksdb.compression",
            Compression.LZ4, Compression.class, "Compression of all levels but the last.");
    public static final Setting<Compression> BOTTOMMOST_COMPRESSION = Setting.enumSetting(
            "state.rocksdb.bottommost-compression", Compression.ZSTD, Compression.class,
            "Compression of the last level, where most bytes live.");
    public static final Setting<Integer> BLOOM_BITS = Setting.intSetting("state.rocksdb.bloom-bits-per-key", 10, 0,
            32, "Bloom filter bits per key (0 = none); makes lookups of new keys cheap.");
    public static final Setting<Integer> BACKGROUND_JOBS = Setting.intSetting("state.rocksdb.background-jobs", 2, 1,
            64, "RocksDB flush and compaction threads per task.");

    public static final List<Setting<?>> ALL = List.of(OUT_OF_ORDERNESS_MS, STATE_BACKEND, CACHE_MAX_ENTRIES,
            CACHE_MAX_BYTES, BLOCK_CACHE_BYTES, WRITE_BUFFER_BYTES, MAX_WRITE_BUFFERS, COMPRESSION,
            BOTTOMMOST_COMPRESSION, BLOOM_BITS, BACKGROUND_JOBS);

    private final Map<Setting<?>, Object> values;

    private EngineConfig(Map<Setting<?>, Object> values) {
        this.values = Map.copyOf(values);
    }

    public static EngineConfig defaults() {
        return new EngineConfig(Map.of());
    }

    /** Parses and validates; unknown keys under {@code watermark.} and {@code state.} are errors too. */
    public static EngineConfig from(Map<String, String> raw) {
        Map<String, Setting<?>> byKey = new HashMap<>();
        ALL.forEach(s -> byKey.put(s.key(), s));
        List<String> errors = new ArrayList<>();
        Map<Setting<?>, Object> values = new HashMap<>();
        raw.forEach((k, v) -> {
            Setting<?> s = byKey.get(k);
            if (s == null) {
                if (k.startsWith("watermark.") || k.startsWith("state.")) {
                    errors.add(k + ": unknown setting");
                }
                return;
            }
            parse(s, v, values, errors);
        });
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new EngineConfig(values);
    }

    /** A copy with one setting changed (validated). */
    public <T> EngineConfig with(Setting<T> setting, T value) {
        if (!setting.valid().test(value)) {
            throw new ConfigException(List.of(setting.key() + "=" + value + ": must be " + setting.rule()));
        }
        Map<Setting<?>, Object> copy = new HashMap<>(values);
        copy.put(setting, value);
        return new EngineConfig(copy);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.getOrDefault(setting, setting.defaultValue());
    }

    public CacheOptions cacheOptions() {
        return new CacheOptions(get(CACHE_MAX_ENTRIES), get(CACHE_MAX_BYTES));
    }

    public RocksDbOptions rocksDbOptions() {
        return new RocksDbOptions(get(BLOCK_CACHE_BYTES), get(WRITE_BUFFER_BYTES), get(MAX_WRITE_BUFFERS),
                get(COMPRESSION), get(BOTTOMMOST_COMPRESSION), get(BLOOM_BITS), get(BACKGROUND_JOBS));
    }

    public StateBackend stateBackend() {
        return get(STATE_BACKEND) == Backend.MEMORY ? StateBackends.inMemory() : StateBackends.rocksDb(rocksDbOptions());
    }

    /** Every setting with its default, rule and documentation, one per line. */
    public static String describe() {
        StringBuilder sb = new StringBuilder();
        for (Setting<?> s : ALL) {
            sb.append(s.key()).append(" (default ").append(s.defaultValue()).append(", ").append(s.rule())
                    .append("): ").append(s.doc()).append('\n');
        }
        return sb.toString();
    }

    /** The effective values, for logs. */
    public Map<String, Object> effective() {
        Map<String, Object> out = new LinkedHashMap<>();
        ALL.forEach(s -> out.put(s.key(), get(s)));
        return out;
    }

    private static <T> void parse(Setting<T> s, String raw, Map<Setting<?>, Object> values, List<String> errors) {
        try {
            T v = s.parser().apply(raw);
            if (s.valid().test(v)) {
                values.put(s, v);
            } else {
                errors.add(s.key() + "=" + raw + ": must be " + s.rule());
            }
        } catch (RuntimeException e) {
            errors.add(s.key() + "=" + raw + ": cannot parse (" + s.rule() + ")");
        }
    }
}
