package io.tidemark.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.engine.state.RocksDbOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineConfigTest {

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> EngineConfig.from(Map.of(
                "watermark.out-of-orderness.ms", "-1",
                "state.cache.max-entries", "lots",
                "state.rocksdb.compression", "brotli",
                "state.cache.typo", "1")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(4))
                .hasMessageContaining("watermark.out-of-orderness.ms=-1: must be >= 0")
                .hasMessageContaining("state.cache.typo: unknown setting");
    }

    @Test
    void validValuesReachTheDerivedOptions() {
        EngineConfig c = EngineConfig.from(Map.of("state.rocksdb.compression", "zstd",
                "state.cache.max-entries", "1000", "state.backend", "memory"));
        assertThat(c.rocksDbOptions().compression()).isEqualTo(RocksDbOptions.Compression.ZSTD);
        assertThat(c.cacheOptions().maxEntries()).isEqualTo(1000);
        assertThat(c.stateBackend().kind()).isEqualTo("memory");
        assertThat(EngineConfig.describe()).contains("state.rocksdb.block-cache.bytes (default 67108864");
    }
}
