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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one task's checkpoint in two parts, as Flink does: a short synchronous part on the task's
 * thread at a record boundary ({@link #barrier}), and the slow part on a checkpoint thread while
 * the task keeps processing ({@link #complete}). The order is the exactly-once argument:
 *
 * <ol>
 *   <li>barrier: sinks pre-commit (their rows become durable, hidden staged files);
 *   <li>barrier: the task snapshots (write-back caches and timers flushed, RocksDB checkpoint of
 *       hard links in a local directory no later write changes), the offset is captured;
 *   <li>background: new state files are uploaded (incremental: SSTs the previous checkpoint stored
 *       are reused);
 *   <li>background: rejected records are flushed to Kafka (all that were rejected before the
 *       barrier, and maybe some after: at least once);
 *   <li>background: if the task's fence still holds, the metadata (offset, watermark, files,
 *       pending commits) is written atomically: from here on the checkpoint is complete and
 *       recovery uses it;
 *   <li>background: only then the sinks commit (each rename asks the fence), and old checkpoints
 *       are pruned;
 *   <li>task thread ({@link #acknowledge}): the sinks and operators learn the checkpoint is
 *       complete; the runtime commits the captured offset to Kafka (lag monitoring only).
 * </ol>
 *
 * A crash before 5 leaves an incomplete checkpoint that recovery ignores (it restores the previous
 * one, whose offset replays the lost rows, and deletes the staged files); a crash after 5 is
 * finished by recovery, which commits the checkpoint's pending value again (idempotent). The caller
 * starts a task's next barrier only after acknowledging the previous checkpoint: at most one is in
 * flight per task, so a sink's pre-commit never overlaps its commit, and each upload knows the
 * files of the checkpoint before it.
 */
final class TaskCheckpointer {

    private static final Logger LOG = LoggerFactory.getLogger(TaskCheckpointer.class);

    private final CheckpointStorage storage;
    private final RejectedRecords rejected;
    private final int retained;
    private final Timer duration;
    private final Timer barrierDuration;
    private final DistributionSummary uploaded;
    private final Counter fenced;

    TaskCheckpointer(CheckpointStorage storage, RejectedRecords rejected, int retained, MeterRegistry metrics) {
        this.storage = storage;
        this.rejected = rejected;
        this.retained = retained;
        this.duration = Timer.builder("tidemark.engine.checkpoint.duration").tag("job", storage.job())
                .description("One task's checkpoint, barrier to commit").register(metrics);
        this.barrierDuration = Timer.builder("tidemark.engine.checkpoint.sync.duration").tag("job", storage.job())
                .description("The part of a task's checkpoint that stops its processing (pre-commit, snapshot)")
                .register(metrics);
        this.uploaded = DistributionSummary.builder("tidemark.engine.checkpoint.uploaded").baseUnit("bytes")
                .tag("job", storage.job()).description("State bytes copied per task checkpoint").register(metrics);
        this.fenced = Counter.builder("tidemark.engine.checkpoint.fenced").tag("job", storage.job())
                .description("Checkpoints refused because another worker owns the task").register(metrics);
    }

    /**
     * The synchronous part, on the task's thread: {@code drain} publishes every output (end of
     * input, savepoint), {@code finished} marks the task done in bounded mode (it reads nothing
     * more from here on).
     *
     * @throws CommitFencedException if another worker owns the task now
     */
    CheckpointBarrier barrier(TaskRunner<?> runner, boolean drain, boolean finished) throws IOException {
        long start = System.nanoTime();
        long id = runner.nextCheckpointId;
        FaultPoints.reach("checkpoint-start");
        requireOwnership(runner, id); // cheap early exit; the check that counts is the one before the metadata
        Map<String, String> pending = new LinkedHashMap<>();
        for (TransactionalSink s : runner.sinks) {
            pending.put(s.stateName(), s.preCommit(id, drain));
        }
        Snapshot snapshot = runner.task.snapshot(id, runner.workDir.resolve("snapshot-" + id));
        runner.nextCheckpointId = id + 1;
        if (finished) {
            runner.finished = true;
        }
        barrierDuration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return new CheckpointBarrier(id, Math.max(0, runner.position), finished, snapshot, pending,
                runner.lastFiles, start);
    }

    /**
     * The slow part, on a checkpoint thread while the task keeps processing: uploads, writes the
     * metadata, commits the sinks. Reads nothing of the task but its fixed identity, fence and
     * sinks, whose {@link TransactionalSink#commit} may run beside their writes.
     *
     * @throws CommitFencedException if another worker owns the task now
     */
    TaskCheckpoint complete(TaskRunner<?> runner, CheckpointBarrier barrier) throws IOException {
        FaultPoints.reach("async-start");
        long id = barrier.id();
        Snapshot snapshot = barrier.snapshot();
        Ref ref = new Ref(runner.info.index(), id, runner.fence.epoch());
        CheckpointStorage.Upload upload = storage.uploadState(snapshot, ref, barrier.previousFiles());
        FaultPoints.reach("after-upload");
        rejected.flush();
        requireOwnership(runner, id);
        TaskCheckpoint c = new TaskCheckpoint(TaskCheckpoint.VERSION, storage.job(), runner.info.index(), id,
                runner.fence.epoch(), barrier.offset(), snapshot.watermark(), barrier.finished(),
                System.currentTimeMillis(), upload.files(), barrier.pending());
        storage.writeMetadata(c);
        FaultPoints.reach("after-metadata");
        CommitGuard guard = () -> {
            FaultPoints.reach("in-commit");
            boolean owner = runner.fence.mayCommit();
            if (owner) {
                FaultPoints.reach("commit-allowed");
            }
            return owner;
        };
        for (TransactionalSink s : runner.sinks) {
            s.commit(barrier.pending().get(s.stateName()), guard);
        }
        TaskRestorer.deleteRecursively(snapshot.directory());
        storage.retain(runner.info.index(), retained);
        long nanos = System.nanoTime() - barrier.startNanos();
        duration.record(nanos, TimeUnit.NANOSECONDS);
        uploaded.record(upload.bytesCopied());
        LOG.debug("task {} checkpoint {}: offset {}, {} files ({} copied, {} bytes) in {} ms", runner.info.id(), id,
                c.offset(), upload.files().size(), upload.filesCopied(), upload.bytesCopied(), nanos / 1_000_000);
        return c;
    }

    /** Back on the task's thread once {@code checkpoint} is complete and committed. */
    void acknowledge(TaskRunner<?> runner, CheckpointBarrier barrier, TaskCheckpoint checkpoint) throws IOException {
        for (TransactionalSink s : runner.sinks) {
            s.committed(barrier.pending().get(s.stateName()));
        }
        runner.task.notifySnapshotComplete(checkpoint.id());
        Map<String, StateFile> files = new HashMap<>();
        checkpoint.files().forEach(f -> files.put(f.name(), f));
        runner.lastFiles = files;
    }

    /** Both parts on the calling thread (revocation: the task is handed over right after). */
    TaskCheckpoint checkpointNow(TaskRunner<?> runner, boolean drain, boolean finished) throws IOException {
        CheckpointBarrier barrier = barrier(runner, drain, finished);
        TaskCheckpoint c = complete(runner, barrier);
        acknowledge(runner, barrier, c);
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
