package io.tidemark.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidemark.engine.checkpoint.CheckpointStorage;
import io.tidemark.engine.checkpoint.TaskCheckpoint;
import io.tidemark.engine.checkpoint.TaskFence;
import io.tidemark.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose task is taken over by another owner (a newer epoch in checkpoint storage) gives
 * up that task only: its other tasks keep processing and checkpointing.
 */
class WorkerFenceTest {

    @TempDir
    Path dir;

    @Test
    void fencedTask_isDroppedAndTheOtherTasksRunOn() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            JobRun run = new JobRun(kafka.bootstrapServers(), "fence", dir.resolve("fence"));
            kafka.createTopics(2, run.topic, WorkerConfig.DEFAULT_REJECTED_TOPIC);
            run.produce(1_000, 24, 400, 11);
            CheckpointStorage storage = CheckpointStorage.at(run.checkpoints.toUri().toString(), run.name);
            WorkerConfig config = WorkerConfig.of(kafka.bootstrapServers(), run.checkpoints.toUri().toString(),
                    dir.resolve("work")).withCheckpointInterval(Duration.ofMillis(200))
                    .withMetrics(new SimpleMeterRegistry());
            try (Worker w = Worker.start(DeviceCountsJob.create(run.name, run.topic, run.lake.toUri().toString(), 0),
                    config)) {
                awaitCheckpoint(storage, 0, 0, w);
                long before = awaitCheckpoint(storage, 1, 0, w).offset();

                TaskFence intruder = storage.claim(0, "intruder");
                run.produce(1_000, 24, 400, 12);

                TaskCheckpoint after = awaitCheckpoint(storage, 1, before + 1, w);
                assertThat(after.epoch()).as("task 1 is still this worker's").isLessThan(intruder.epoch());
                // Task 0 may have had one checkpoint in flight past its last check; none follows it.
                long fencedAt = storage.latest(0).orElseThrow().id();
                awaitCheckpoint(storage, 1, after.offset() + 1, w);
                assertThat(storage.latest(0).orElseThrow().id()).as("no checkpoint of the fenced task")
                        .isLessThanOrEqualTo(fencedAt);
                assertThat(storage.latest(0).orElseThrow().epoch()).isLessThan(intruder.epoch());
                assertThat(w.failure()).isNull();
            }
        }
    }

    /** Waits for a complete checkpoint of {@code task} at or past {@code offset}; fails if the worker fails. */
    private static TaskCheckpoint awaitCheckpoint(CheckpointStorage storage, int task, long offset, Worker w)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            assertThat(w.failure()).as("worker failure").isNull();
            var c = storage.latest(task);
            if (c.isPresent() && c.get().offset() >= offset) {
                return c.get();
            }
            assertThat(System.nanoTime()).as("no checkpoint of task %d at offset %d", task, offset)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
