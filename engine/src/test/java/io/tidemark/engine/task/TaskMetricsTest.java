package io.tidemark.engine.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.api.TaskInfo;
import io.tidemark.engine.config.EngineConfig;
import io.tidemark.engine.io.Sinks;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.state.StateBackends;
import io.tidemark.engine.time.ManualClock;
import io.tidemark.engine.window.Aggregates;
import io.tidemark.engine.window.SessionWindows;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskMetricsTest {

    @TempDir
    Path dir;

    @Test
    void watermarkAndItsLagBehindTheClockAreGauges() {
        Pipeline p = new Pipeline("m");
        p.source("in", Sources.<Long>empty(), v -> v).keyBy(v -> "k", Serdes.STRING)
                .window(SessionWindows.withGap(Duration.ofSeconds(1)))
                .aggregate("s", Aggregates.count(), Serdes.LONG).sink("out", Sinks.discarding());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ManualClock clock = new ManualClock(100_000);
        try (Task task = Task.builder(p).backend(StateBackends.inMemory()).clock(clock).metrics(registry)
                .config(EngineConfig.defaults().with(EngineConfig.OUT_OF_ORDERNESS_MS, 1_000L))
                .task(new TaskInfo("m", 3)).workDir(dir).build()) {
            task.<Long>input("in").push(50_000L);
            assertThat(registry.get("tidemark.engine.watermark").tag("task", "m-3").gauge().value()).isEqualTo(48_999);
            assertThat(registry.get("tidemark.engine.watermark.lag").gauge().value()).isEqualTo(51_001);
            assertThat(registry.get("tidemark.engine.event.time.lag").gauge().value()).isEqualTo(50_000);
            assertThat(registry.get("tidemark.engine.timers").gauge().value()).isEqualTo(1);
            task.<Long>input("in").push(50_001L);
            assertThat(registry.get("tidemark.engine.state.cache.hits").tag("state", "s/windows").functionCounter()
                    .count()).isEqualTo(1);
            assertThat(registry.get("tidemark.engine.state.cache.misses").tag("state", "s/windows").functionCounter()
                    .count()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            assertThat(registry.get("tidemark.engine.watermark.lag").gauge().value()).isEqualTo(52_000);
        }
        assertThat(registry.find("tidemark.engine.watermark").gauges()).as("removed on close").isEmpty();
    }
}
