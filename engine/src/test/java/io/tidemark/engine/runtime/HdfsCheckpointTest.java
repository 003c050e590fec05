package io.tidemark.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidemark.engine.checkpoint.CheckpointStorage;
import io.tidemark.engine.checkpoint.TaskCheckpoint;
import io.tidemark.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker job whose checkpoints live on a real in-process HDFS (NameNode + one DataNode, by
 * {@code hdfs://} URI): stopped mid-input, restarted, it restores its tasks from HDFS and commits
 * every event once. Starting HDFS takes 10-35 s; {@code -Dtidemark.skipHdfs=true} skips it.
 */
@DisabledIfSystemProperty(named = "tidemark.skipHdfs", matches = "true")
class HdfsCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void restartedWorker_restoresItsTasksFromHdfsCheckpoints() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            hdfs.waitActive();
            String checkpoints = hdfs.getURI() + "/checkpoints";
            JobRun run = new JobRun(kafka.bootstrapServers(), "hdfs", dir.resolve("hdfs-job"));
            kafka.createTopics(2, run.topic, WorkerConfig.DEFAULT_REJECTED_TOPIC);
            run.produce(3_000, 24, 400, 21);
            CheckpointStorage storage = CheckpointStorage.at(checkpoints, run.name);
            assertThat(storage.files().root().uri().getScheme()).isEqualTo("hdfs");

            try (Worker first = Worker.start(job(run, 2_000_000), config(kafka, checkpoints, dir.resolve("work-1"), false))) {
                for (int task = 0; task < 2; task++) {
                    awaitCheckpoint(storage, task, first);
                }
            } // stopped: each task checkpoints on revocation
            long firstEpoch = storage.latest(0).orElseThrow().epoch();
            long stoppedAt = storage.latest(0).orElseThrow().offset() + storage.latest(1).orElseThrow().offset();

            try (Worker second = Worker.start(job(run, 0), config(kafka, checkpoints, dir.resolve("work-2"), true))) {
                second.awaitTermination();
                assertThat(second.failure()).isNull();
            }
            TaskCheckpoint last = storage.latest(0).orElseThrow();
            assertThat(last.epoch()).as("the second worker owns the task").isGreaterThan(firstEpoch);
            assertThat(last.finished()).isTrue();
            assertThat(stoppedAt).as("the first worker stopped mid-input").isGreaterThan(0)
                    .isLessThan(run.expectedMessageIds().size());
            assertThat(run.committedMessageIds()).as("every event archived once across the restart")
                    .hasSameSizeAs(run.expectedMessageIds()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(run.expectedMessageIds());
            assertThat(run.committedCounts()).as("counts per device and minute").isEqualTo(run.expectedCounts());
        } finally {
            hdfs.shutdown();
        }
    }

    /** {@code nanosPerRecord} slows the first worker down so that it stops mid-input. */
    private static Job<?> job(JobRun run, long nanosPerRecord) {
        return DeviceCountsJob.create(run.name, run.topic, run.lake.toUri().toString(), nanosPerRecord);
    }

    private static WorkerConfig config(EmbeddedKafka kafka, String checkpoints, Path work, boolean stopAtEnd) {
        return WorkerConfig.of(kafka.bootstrapServers(), checkpoints, work).withCheckpointInterval(Duration.ofMillis(300))
                .withStopAtEnd(stopAtEnd).withMetrics(new SimpleMeterRegistry());
    }

    private static void awaitCheckpoint(CheckpointStorage storage, int task, Worker w) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (storage.latest(task).isEmpty()) {
            assertThat(w.failure()).as("worker failure").isNull();
            assertThat(System.nanoTime()).as("no checkpoint of task %d on HDFS", task).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
