package io.tidemark.engine.runtime;

import io.micrometer.core.instrument.Counter;
import io.tidemark.engine.api.TaskInfo;
import io.tidemark.engine.checkpoint.CheckpointLayout.Ref;
import io.tidemark.engine.checkpoint.CheckpointStorage;
import io.tidemark.engine.checkpoint.Savepoints;
import io.tidemark.engine.checkpoint.StateFile;
import io.tidemark.engine.checkpoint.TaskCheckpoint;
import io.tidemark.engine.checkpoint.TaskFence;
import io.tidemark.engine.checkpoint.TransactionalSink;
import io.tidemark.engine.kafka.RejectedRecords;
import io.tidemark.engine.task.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a task on assignment: claims its epoch (the fence), then restores the newest complete
 * checkpoint (state, watermark, timers; sinks finish its commit and drop leftovers), or starts
 * from scratch when the task has never completed one. A checkpoint that cannot be read, downloaded
 * or restored is skipped for the previous one with an ERROR line; when checkpoints exist but none
 * restores, the task fails rather than start over (that would write its outputs twice).
 */
final class TaskRestorer {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRestorer.class);

    private final Job<?> job;
    private final WorkerConfig config;
    private final CheckpointStorage storage;
    private final RejectedRecords rejected;
    private final Counter processed;
    private final String owner;

    TaskRestorer(Job<?> job, WorkerConfig config, CheckpointStorage storage, RejectedRecords rejected,
                 Counter processed, String owner) {
        this.job = job;
        this.config = config;
        this.storage = storage;
        this.rejected = rejected;
        this.processed = processed;
        this.owner = owner;
    }

    /** The task of {@code partition}; its {@code position} is -1 when it starts from the earliest offset. */
    <T> TaskRunner<T> open(int partition) throws IOException {
        TaskInfo info = new TaskInfo(job.name(), partition);
        TaskFence fence = storage.claim(partition, owner);
        Path taskDir = config.workDir().resolve(job.name()).resolve("task-" + partition);
        deleteRecursively(taskDir); // a previous owner's local files in this directory are never reused
        Path base = taskDir.resolve("e" + fence.epoch());
        List<Ref> refs = storage.list(partition);
        boolean sawComplete = false;
        for (Ref ref : refs) {
            Optional<TaskCheckpoint> meta;
            try {
                meta = storage.read(ref);
            } catch (IOException | IllegalArgumentException e) {
                LOG.error("CHECKPOINT UNUSABLE: task {} checkpoint {} has unreadable metadata ({}); falling back to "
                        + "the previous one", info.id(), ref.dirName(), e.getMessage());
                sawComplete = true;
                continue;
            }
            if (meta.isEmpty()) {
                LOG.info("task {}: checkpoint {} is incomplete (no metadata), skipped", info.id(), ref.dirName());
                continue;
            }
            sawComplete = true;
            try {
                TaskRunner<T> runner = restore(info, fence, base, storage, meta.get());
                LOG.info("task {} restored checkpoint {} (epoch {}): offset {}, watermark {}", info.id(),
                        meta.get().id(), fence.epoch(), runner.position, runner.task.watermark());
                return runner;
            } catch (Exception e) {
                LOG.error("CHECKPOINT UNUSABLE: task {} cannot restore checkpoint {}: {}; falling back to the "
                        + "previous one", info.id(), ref.dirName(), e.toString());
                deleteRecursively(base);
            }
        }
        if (!sawComplete && config.savepoint() != null) {
            CheckpointStorage savepoint = Savepoints.open(config.savepoint());
            Optional<TaskCheckpoint> c = savepoint.latest(partition);
            if (c.isPresent()) {
                TaskRunner<T> runner = restore(info, fence, base, savepoint, c.get());
                runner.lastFiles = new HashMap<>(); // its files live in the savepoint: the first checkpoint copies all
                // A savepoint is for resuming: a task that had finished a bounded input reads on from its offset.
                runner.finished = false;
                LOG.info("task {} restored savepoint {} checkpoint {}: offset {}", info.id(), config.savepoint(),
                        c.get().id(), runner.position);
                return runner;
            }
        }
        if (sawComplete) {
            throw new IllegalStateException("task " + info.id() + " has checkpoints but none restores; refusing to "
                    + "start from scratch (outputs would be written twice)");
        }
        return fresh(info, fence, base);
    }

    private <T> TaskRunner<T> restore(TaskInfo info, TaskFence fence, Path base, CheckpointStorage from,
                                      TaskCheckpoint c) throws IOException {
        Path snapshot = base.resolve("restore-" + c.id());
        from.downloadState(c, snapshot);
        Task task = Task.builder(job.pipeline()).config(config.engine()).metrics(config.metrics()).task(info)
                .workDir(base.resolve("store")).restoreFrom(snapshot).build();
        TaskRunner<T> runner = null;
        try {
            runner = runner(info, task, fence, base);
            for (TransactionalSink s : runner.sinks) {
                s.begin(Optional.ofNullable(c.sinks().get(s.stateName())), fence);
            }
        } catch (IOException | RuntimeException e) {
            task.close();
            throw e;
        }
        deleteRecursively(snapshot);
        runner.position = c.offset();
        runner.nextCheckpointId = c.id() + 1;
        runner.finished = c.finished();
        Map<String, StateFile> files = new HashMap<>();
        c.files().forEach(f -> files.put(f.name(), f));
        runner.lastFiles = files;
        return runner;
    }

    private <T> TaskRunner<T> fresh(TaskInfo info, TaskFence fence, Path base) throws IOException {
        deleteRecursively(base);
        Task task = Task.builder(job.pipeline()).config(config.engine()).metrics(config.metrics()).task(info)
                .workDir(base.resolve("store")).build();
        try {
            TaskRunner<T> runner = runner(info, task, fence, base);
            for (TransactionalSink s : runner.sinks) {
                s.begin(Optional.empty(), fence);
            }
            runner.position = -1;
            runner.nextCheckpointId = 1;
            LOG.info("task {} starts from scratch (epoch {})", info.id(), fence.epoch());
            return runner;
        } catch (IOException | RuntimeException e) {
            task.close();
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private <T> TaskRunner<T> runner(TaskInfo info, Task task, TaskFence fence, Path base) {
        return new TaskRunner<>(info, task, fence, TaskRunner.transactionalSinks(job.pipeline(), info), base,
                (Job<T>) job, rejected, processed);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
