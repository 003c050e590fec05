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
                awaitCheckpoint(storage, 1, 0, w);
                TaskFence intruder = storage.claim(0, "intruder");
                long task0EndBefore = run.endOffsets().get(0);
                run.produce(1_000, 24, 400, 12);

                TaskCheckpoint after = awaitCheckpoint(storage, 1, run.endOffsets().get(1), w);
                assertThat(after.epoch()).as("task 1 is still this worker's").isLessThan(intruder.epoch());
                // Task 0 may have had one checkpoint past its ownership check when it was fenced; that one
                // covers at most the input before the claim, and none follows it.
                TaskCheckpoint task0 = storage.latest(0).orElseThrow();
                assertThat(task0.epoch()).isLessThan(intruder.epoch());
                assertThat(task0.offset()).as("no checkpoint of the fenced task after it was fenced")
                        .isLessThanOrEqualTo(task0EndBefore);
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
