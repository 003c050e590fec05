package io.tidemark.engine.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tidemark.engine.checkpoint.CheckpointLayout.Ref;
import io.tidemark.engine.checkpoint.CheckpointStorage;
import io.tidemark.engine.checkpoint.StateFile;
import io.tidemark.engine.checkpoint.TaskCheckpoint;
import io.tidemark.engine.checkpoint.TransactionalSink;
import io.tidemark.engine.kafka.RejectedRecords;
import io.tidemark.engine.runtime.internals.FaultPoints;
import io.tidemark.engine.snapshot.Snapshot;
import io.tidemark.lake.write.CommitFencedException;
import io.tidemark.lake.write.CommitGuard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one task's checkpoint, at a record boundary, on the task's thread. The order is the
 * exactly-once argument:
 *
 * <ol>
 *   <li>sinks pre-commit (their rows become durable, hidden staged files);
 *   <li>the task snapshots (write-back caches and timers flushed, RocksDB checkpoint);
 *   <li>new state files are uploaded (incremental: SSTs the previous checkpoint stored are reused);
 *   <li>rejected records are flushed to Kafka;
 *   <li>if the task's fence still holds, the metadata (offset, watermark, files, pending commits)
 *       is written atomically: from here on the checkpoint is complete and recovery uses it;
 *   <li>only then the sinks commit (each rename asks the fence), and old checkpoints are pruned.
 * </ol>
 *
 * A crash before 5 leaves an incomplete checkpoint that recovery ignores (it restores the previous
 * one, whose offset replays the lost rows, and deletes the staged files); a crash after 5 is
 * finished by recovery, which commits the checkpoint's pending value again (idempotent).
 */
final class TaskCheckpointer {

    private static final Logger LOG = LoggerFactory.getLogger(TaskCheckpointer.class);

    private final CheckpointStorage storage;
    private final RejectedRecords rejected;
    private final int retained;
    private final Timer duration;
    private final DistributionSummary uploaded;
    private final Counter fenced;

    TaskCheckpointer(CheckpointStorage storage, RejectedRecords rejected, int retained, MeterRegistry metrics) {
        this.storage = storage;
        this.rejected = rejected;
        this.retained = retained;
        this.duration = Timer.builder("tidemark.engine.checkpoint.duration").tag("job", storage.job())
                .description("One task's checkpoint, snapshot to commit").register(metrics);
        this.uploaded = DistributionSummary.builder("tidemark.engine.checkpoint.uploaded").baseUnit("bytes")
                .tag("job", storage.job()).description("State bytes copied per task checkpoint").register(metrics);
        this.fenced = Counter.builder("tidemark.engine.checkpoint.fenced").tag("job", storage.job())
                .description("Checkpoints refused because another worker owns the task").register(metrics);
    }

    /**
     * Checkpoints {@code runner}; {@code drain} publishes every output (end of input, savepoint),
     * {@code finished} marks the task done in bounded mode.
     *
     * @throws CommitFencedException if another worker owns the task now
     */
    TaskCheckpoint checkpoint(TaskRunner<?> runner, boolean drain, boolean finished) throws IOException {
        long start = System.nanoTime();
        long id = runner.nextCheckpointId;
        FaultPoints.reach("checkpoint-start");
        requireOwnership(runner, id); // cheap early exit; the check that counts is the one before the metadata
        Map<String, String> pending = new LinkedHashMap<>();
        for (TransactionalSink s : runner.sinks) {
            pending.put(s.stateName(), s.preCommit(id, drain));
        }
        Path dir = runner.workDir.resolve("snapshot-" + id);
        Snapshot snapshot = runner.task.snapshot(id, dir);
        Ref ref = new Ref(runner.info.index(), id, runner.fence.epoch());
        CheckpointStorage.Upload upload = storage.uploadState(snapshot, ref, runner.lastFiles);
        FaultPoints.reach("after-upload");
        rejected.flush();
        requireOwnership(runner, id);
        TaskCheckpoint c = new TaskCheckpoint(TaskCheckpoint.VERSION, storage.job(), runner.info.index(), id,
                runner.fence.epoch(), Math.max(0, runner.position), snapshot.watermark(), finished,
                System.currentTimeMillis(), upload.files(), pending);
        storage.writeMetadata(c);
        FaultPoints.reach("after-metadata");
        CommitGuard guard = () -> {
            FaultPoints.reach("in-commit");
            return runner.fence.mayCommit();
        };
        for (TransactionalSink s : runner.sinks) {
            s.commit(pending.get(s.stateName()), guard);
        }
        runner.task.notifySnapshotComplete(id);
        Map<String, StateFile> files = new HashMap<>();
        upload.files().forEach(f -> files.put(f.name(), f));
        runner.lastFiles = files;
        runner.nextCheckpointId = id + 1;
        runner.finished = finished;
        TaskRestorer.deleteRecursively(dir);
        storage.retain(runner.info.index(), retained);
        long nanos = System.nanoTime() - start;
        duration.record(nanos, TimeUnit.NANOSECONDS);
        uploaded.record(upload.bytesCopied());
        LOG.debug("task {} checkpoint {}: offset {}, {} files ({} copied, {} bytes) in {} ms", runner.info.id(), id,
                c.offset(), upload.files().size(), upload.filesCopied(), upload.bytesCopied(), nanos / 1_000_000);
        return c;
    }

    private void requireOwnership(TaskRunner<?> runner, long id) {
        if (!runner.fence.mayCommit()) {
            fenced.increment();
            throw new CommitFencedException("task " + runner.info.id() + " epoch " + runner.fence.epoch()
                    + " is fenced: another worker owns it; checkpoint " + id + " not written");
        }
    }
}
