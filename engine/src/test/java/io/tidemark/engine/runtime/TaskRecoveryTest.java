package io.tidemark.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.checkpoint.CheckpointLayout;
import io.tidemark.engine.checkpoint.CheckpointStorage;
import io.tidemark.engine.checkpoint.Savepoints;
import io.tidemark.engine.checkpoint.StateExport;
import io.tidemark.engine.checkpoint.StateFile;
import io.tidemark.engine.checkpoint.TaskCheckpoint;
import io.tidemark.engine.io.CollectingSink;
import io.tidemark.engine.io.Sinks;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.kafka.RejectedRecords;
import io.tidemark.engine.runtime.DeviceCountsJob.DeviceEvent;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.window.Aggregates;
import io.tidemark.engine.window.TumblingWindows;
import io.tidemark.engine.window.WindowResult;
import io.tidemark.lake.write.CommitFencedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoint, restore, fallback and fence of single tasks, driven directly (no broker: records are
 * handed to the task as the stream thread would, and nothing is rejected).
 */
class TaskRecoveryTest {

    private static final String TOPIC = "recovery.events";

    @TempDir
    Path dir;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private RejectedRecords rejected;
    private CollectingSink<WindowResult<String, Long>> out;
    private int emittedBeforeCheckpoint;

    @BeforeEach
    void setUp() {
        rejected = new RejectedRecords("127.0.0.1:9", "unused.rejected", metrics, "recovery");
    }

    @AfterEach
    void tearDown() {
        rejected.close();
    }

    @Test
    void shouldUploadOnlyNewStateFilesAndKeepTheLastCheckpoints() throws Exception {
        CheckpointStorage storage = storage("incremental");
        TaskRestorer restorer = restorer(countingJob("incremental"), storage, "w1");
        TaskCheckpointer checkpointer = new TaskCheckpointer(storage, rejected, 3, metrics);
        try (TaskRunner<DeviceEvent> t = restorer.open(0)) {
            push(t, 0, 2_000);
            TaskCheckpoint first = checkpointer.checkpointNow(t, false, false);
            double copiedByFirst = metrics.find("tidemark.engine.checkpoint.uploaded").summary().totalAmount();
            push(t, 2_000, 10);
            TaskCheckpoint second = checkpointer.checkpointNow(t, false, false);
            double copiedBySecond = metrics.find("tidemark.engine.checkpoint.uploaded").summary().totalAmount()
                    - copiedByFirst;
            for (int round = 2; round < 5; round++) {
                push(t, 2_000 + round * 10, 10);
                checkpointer.checkpointNow(t, false, false);
            }
            long firstBytes = first.files().stream().mapToLong(StateFile::sizeBytes).sum();
            assertThat(shared(first)).as("RocksDB wrote SST files").isNotEmpty();
            assertThat(copiedByFirst).as("the first checkpoint copies everything").isEqualTo((double) firstBytes);
            assertThat(shared(second)).as("the next checkpoint references SSTs uploaded by the first")
                    .containsAnyElementsOf(shared(first));
            long secondBytes = second.files().stream().mapToLong(StateFile::sizeBytes).sum();
            assertThat(copiedBySecond).as("and copies only the new ones").isLessThan(secondBytes);
            assertThat(storage.list(0)).as("three checkpoints kept").hasSize(3)
                    .extracting(CheckpointLayout.Ref::id).containsExactly(5L, 4L, 3L);
            Set<String> referenced = storage.list(0).stream()
                    .flatMap(r -> readUnchecked(storage, r).files().stream()).map(StateFile::path)
                    .filter(p -> p.startsWith("shared/")).collect(Collectors.toSet());
            try (var files = Files.walk(dir.resolve("checkpoints/incremental/task-0/shared"))) {
                Set<String> stored = files.filter(Files::isRegularFile)
                        .map(f -> dir.resolve("checkpoints/incremental/task-0").relativize(f).toString())
                        .filter(p -> !p.contains("/.")).collect(Collectors.toSet());
                assertThat(stored).as("unreferenced shared files are deleted").isEqualTo(referenced);
            }
        }
    }

    @Test
    void shouldRestoreStateOffsetAndWatermarkOfTheLastCheckpoint() throws Exception {
        CheckpointStorage storage = storage("restore");
        Job<DeviceEvent> job = countingJob("restore");
        TaskCheckpointer checkpointer = new TaskCheckpointer(storage, rejected, 3, metrics);
        try (TaskRunner<DeviceEvent> t = restorer(job, storage, "w1").open(0)) {
            push(t, 0, 150);
            checkpointer.checkpointNow(t, false, false);
            emittedBeforeCheckpoint = out.values().size();
            push(t, 150, 50); // lost: not in any checkpoint
        }
        // the collecting sink is not transactional: keep what was emitted up to the checkpoint
        int atCheckpoint = emittedBeforeCheckpoint;
        int restoredFrom = out.values().size();
        try (TaskRunner<DeviceEvent> t = restorer(job, storage, "w2").open(0)) {
            assertThat(t.position).isEqualTo(150);
            assertThat(t.nextCheckpointId).isEqualTo(2);
            push(t, 150, 50);
            t.task.endOfInput();
        }
        List<WindowResult<String, Long>> all = out.values();
        long total = all.subList(0, atCheckpoint).stream().mapToLong(WindowResult::value).sum()
                + all.subList(restoredFrom, all.size()).stream().mapToLong(WindowResult::value).sum();
        assertThat(total).as("every event counted once across the restore").isEqualTo(200);
    }

    @Test
    void shouldFallBackToThePreviousCheckpointWhenTheNewestIsCorruptOrIncomplete() throws Exception {
        CheckpointStorage storage = storage("fallback");
        Job<DeviceEvent> job = countingJob("fallback");
        TaskCheckpointer checkpointer = new TaskCheckpointer(storage, rejected, 5, metrics);
        try (TaskRunner<DeviceEvent> t = restorer(job, storage, "w1").open(0)) {
            for (int i = 0; i < 3; i++) {
                push(t, i * 100, 100);
                checkpointer.checkpointNow(t, false, false);
            }
        }
        List<CheckpointLayout.Ref> refs = storage.list(0);
        storage.files().replaceAtomically(CheckpointLayout.metadataFile("fallback", refs.get(0)),
                "{\"version\":1,\"job\":".getBytes(StandardCharsets.UTF_8));
        TaskCheckpoint second = storage.read(refs.get(1)).orElseThrow();
        StateFile privateFile = second.files().stream().filter(f -> !f.path().startsWith("shared/")).findFirst()
                .orElseThrow();
        storage.files().delete("fallback/task-0/" + privateFile.path());
        try (TaskRunner<DeviceEvent> t = restorer(job, storage, "w2").open(0)) {
            assertThat(t.position).as("third is corrupt, second misses a file: the first is restored").isEqualTo(100);
        }
        storage.files().replaceAtomically(CheckpointLayout.metadataFile("fallback", refs.get(2)),
                "not json".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> restorer(job, storage, "w3").open(0))
                .as("checkpoints exist but none restores: never start over")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("refusing to start from scratch");
    }

    @Test
    void shouldRefuseCheckpointsAndLakeCommitsOfAWorkerThatLostItsTask() throws Exception {
        Path lake = dir.resolve("lake");
        CheckpointStorage storage = storage("fenced");
        Job<DeviceEvent> job = DeviceCountsJob.create("fenced", TOPIC, lake.toUri().toString(), 0);
        TaskCheckpointer checkpointer = new TaskCheckpointer(storage, rejected, 3, metrics);
        try (TaskRunner<DeviceEvent> zombie = restorer(job, storage, "zombie").open(0)) {
            push(zombie, 0, 100);
            checkpointer.checkpointNow(zombie, true, false);
            // another worker is assigned the partition and restores checkpoint 1
            try (TaskRunner<DeviceEvent> successor = restorer(job, storage, "successor").open(0)) {
                assertThat(successor.fence.epoch()).isGreaterThan(zombie.fence.epoch());
                assertThat(successor.position).isEqualTo(100);
                push(zombie, 100, 100);
                assertThatThrownBy(() -> checkpointer.checkpointNow(zombie, true, false))
                        .isInstanceOf(CommitFencedException.class);
                assertThat(storage.latest(0).orElseThrow().epoch()).as("the zombie wrote no checkpoint")
                        .isEqualTo(zombie.fence.epoch());
                assertThat(storage.latest(0).orElseThrow().id()).isEqualTo(1);
                assertThat(visibleRows(lake)).as("the zombie published nothing").isEqualTo(100);
                push(successor, 100, 100);
                checkpointer.checkpointNow(successor, true, false);
                assertThat(visibleRows(lake)).isEqualTo(200);
            }
        }
    }

    @Test
    void shouldStartAJobUnderANewNameFromASavepointAndExportItsState() throws Exception {
        CheckpointStorage storage = storage("original");
        TaskCheckpointer checkpointer = new TaskCheckpointer(storage, rejected, 3, metrics);
        try (TaskRunner<DeviceEvent> t = restorer(countingJob("original"), storage, "w1").open(0)) {
            push(t, 0, 150);
            checkpointer.checkpointNow(t, false, false);
            emittedBeforeCheckpoint = out.values().size();
        }
        List<WindowResult<String, Long>> before = out.values().subList(0, emittedBeforeCheckpoint);
        Path savepointDir = dir.resolve("savepoint");
        List<TaskCheckpoint> saved = Savepoints.create(storage,
                io.tidemark.checkpoint.storage.CheckpointFiles.at(savepointDir.toUri().toString()), 2);
        assertThat(saved).extracting(TaskCheckpoint::task).containsExactly(0); // task 1 never checkpointed
        TaskRestorer.deleteRecursively(dir.resolve("checkpoints/original")); // self-contained: no references back

        Job<DeviceEvent> fork = countingJob("fork");
        WorkerConfig config = WorkerConfig.of("127.0.0.1:9", dir.resolve("checkpoints").toUri().toString(),
                dir.resolve("w2")).withMetrics(metrics).withSavepoint(savepointDir.toUri().toString());
        CheckpointStorage forkStorage = storage("fork");
        try (TaskRunner<DeviceEvent> t = new TaskRestorer(fork, config, forkStorage, rejected,
                Counter.builder("in").register(metrics), "w2").open(0)) {
            assertThat(t.position).isEqualTo(150);
            push(t, 150, 50);
            new TaskCheckpointer(forkStorage, rejected, 3, metrics).checkpointNow(t, false, false);
            t.task.endOfInput();
        }
        long total = before.stream().mapToLong(WindowResult::value).sum()
                + out.values().stream().mapToLong(WindowResult::value).sum();
        assertThat(total).isEqualTo(200);

        TaskCheckpoint c = Savepoints.open(savepointDir.toUri().toString()).latest(0).orElseThrow();
        var bytes = new java.io.ByteArrayOutputStream();
        long entries = StateExport.export(Savepoints.open(savepointDir.toUri().toString()), c,
                dir.resolve("export"), bytes);
        List<com.fasterxml.jackson.databind.JsonNode> lines = new java.util.ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
        }
        assertThat(lines).hasSize((int) entries);
        var watermark = lines.stream().filter(l -> l.path("state").asText().equals("_meta")
                && l.path("key").asText().equals("watermark")).findFirst().orElseThrow();
        assertThat(Serdes.LONG.deserialize(java.util.Base64.getDecoder().decode(watermark.path("valueBase64").asText())))
                .as("exported watermark").isEqualTo(c.watermark());
        assertThat(lines).as("window state of the operator is exported")
                .anyMatch(l -> l.path("state").asText().startsWith("device-counts"));
    }

    @Test
    void shouldResumeReadingFromASavepointOfAFinishedBoundedRun() throws Exception {
        CheckpointStorage storage = storage("bounded");
        try (TaskRunner<DeviceEvent> t = restorer(countingJob("bounded"), storage, "w1").open(0)) {
            push(t, 0, 150);
            t.task.endOfInput();
            TaskCheckpoint last = new TaskCheckpointer(storage, rejected, 3, metrics).checkpointNow(t, true, true);
            assertThat(last.finished()).isTrue();
        }
        long countedByBoundedRun = out.values().stream().mapToLong(WindowResult::value).sum();
        assertThat(countedByBoundedRun).as("the drained run fired every window").isEqualTo(150);
        Path savepointDir = dir.resolve("bounded-savepoint");
        Savepoints.create(storage, io.tidemark.checkpoint.storage.CheckpointFiles.at(savepointDir.toUri().toString()), 1);

        WorkerConfig config = WorkerConfig.of("127.0.0.1:9", dir.resolve("checkpoints").toUri().toString(),
                dir.resolve("w2")).withMetrics(metrics).withSavepoint(savepointDir.toUri().toString());
        CheckpointStorage resumedStorage = storage("resumed");
        try (TaskRunner<DeviceEvent> t = new TaskRestorer(countingJob("resumed"), config, resumedStorage, rejected,
                Counter.builder("in").register(metrics), "w2").open(0)) {
            assertThat(t.finished).as("a job started from a savepoint continues consuming").isFalse();
            assertThat(t.position).isEqualTo(150);
            assertThat(t.task.watermark()).as("time goes on from the last event, not from the end of time")
                    .isLessThan(150_000);
            push(t, 150, 50);
            t.task.endOfInput();
            assertThat(new TaskCheckpointer(resumedStorage, rejected, 3, metrics).checkpointNow(t, true, true)
                    .offset()).isEqualTo(200);
        }
        assertThat(out.values().stream().mapToLong(WindowResult::value).sum())
                .as("the new events are counted, none is late").isEqualTo(50);
    }

    private long visibleRows(Path lake) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + lake.resolve("device_events")
                     + "/dt=*/*.parquet')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static TaskCheckpoint readUnchecked(CheckpointStorage storage, CheckpointLayout.Ref r) {
        try {
            return storage.read(r).orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<String> shared(TaskCheckpoint c) {
        return c.files().stream().map(StateFile::path).filter(p -> p.startsWith("shared/")).collect(Collectors.toSet());
    }

    private CheckpointStorage storage(String job) {
        return CheckpointStorage.at(dir.resolve("checkpoints").toUri().toString(), job);
    }

    private TaskRestorer restorer(Job<?> job, CheckpointStorage storage, String owner) {
        WorkerConfig config = WorkerConfig.of("127.0.0.1:9", storage.files().root().toString(), dir.resolve(owner))
                .withMetrics(metrics);
        return new TaskRestorer(job, config, storage, rejected, Counter.builder("in").register(metrics), owner);
    }

    /** Per-device counts in one-minute windows into a collecting sink: state only, no lake. */
    private Job<DeviceEvent> countingJob(String name) {
        out = Sinks.collecting();
        Pipeline p = new Pipeline(name);
        p.source("events", Sources.<DeviceEvent>empty(), DeviceEvent::ts)
                .keyBy(DeviceEvent::device, Serdes.STRING)
                .window(TumblingWindows.of(Duration.ofMinutes(1)))
                .aggregate("device-counts", Aggregates.<DeviceEvent>count(), Serdes.LONG)
                .sink("out", out);
        return new Job<>(p, "events", TOPIC, DeviceCountsJob::decode);
    }

    /** Hands {@code n} events, offsets {@code from..from+n-1}, to the task as the stream thread would. */
    private static void push(TaskRunner<DeviceEvent> t, int from, int n) {
        for (int i = from; i < from + n; i++) {
            String json = "{\"messageId\":\"m" + i + "\",\"device\":\"d" + (i % 7) + "\",\"ts\":" + (1_000L * i) + "}";
            t.process(new ConsumerRecord<>(TOPIC, 0, i, null, json.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
