package io.tidemark.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidemark.kafka.EmbeddedKafka;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a regular test: runs {@link DeviceCountsJob} in-process over
 * {@code tidemark.bench.events} events (default 200,000) on 4 partitions with checkpoints every
 * {@code tidemark.bench.interval-ms} (default 1,000) and
 * prints throughput, CPU time (the whole process, broker included: it runs in-process) and
 * checkpoint durations (barrier to commit, and the synchronous part that stops processing). Run with
 * {@code mvn -o -pl engine test -Dtest=WorkerThroughputTest -Dtidemark.bench=true}.
 */
@EnabledIfSystemProperty(named = "tidemark.bench", matches = "true")
class WorkerThroughputTest {

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        int n = Integer.getInteger("tidemark.bench.events", 200_000);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            JobRun run = new JobRun(kafka.bootstrapServers(), "bench", dir.resolve("bench"));
            kafka.createTopics(4, run.topic, WorkerConfig.DEFAULT_REJECTED_TOPIC);
            run.produce(n, 5_000, 10, 7);
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            WorkerConfig config = WorkerConfig.of(kafka.bootstrapServers(), run.checkpoints.toUri().toString(),
                    dir.resolve("work")).withCheckpointInterval(Duration.ofMillis(Long.getLong("tidemark.bench.interval-ms", 1_000))).withStopAtEnd(true)
                    .withMetrics(metrics).withConsumerOverrides(Map.of("max.poll.records", "2000"));
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            try (Worker w = Worker.start(DeviceCountsJob.create("bench", run.topic, run.lake.toUri().toString(), 0),
                    config)) {
                w.awaitTermination();
                assertThat(w.failure()).isNull();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
            Timer t = metrics.find("tidemark.engine.checkpoint.duration").timer();
            Timer sync = metrics.find("tidemark.engine.checkpoint.sync.duration").timer();
            System.out.printf("BENCH events=%d seconds=%.1f events/s=%.0f cpu=%.1fs cpu-us/event=%.2f checkpoints=%d "
                            + "mean=%.1fms max=%.1fms sync-mean=%.1fms uploaded-mean=%.0fB%n", n, seconds, n / seconds,
                    cpuSeconds, cpuSeconds * 1e6 / n, t.count(), t.mean(TimeUnit.MILLISECONDS),
                    t.max(TimeUnit.MILLISECONDS), sync == null ? Double.NaN : sync.mean(TimeUnit.MILLISECONDS),
                    metrics.find("tidemark.engine.checkpoint.uploaded").summary().mean());
            assertThat(run.committedMessageIds()).hasSize(n);
        }
    }
}
