package io.tidemark.engine.checkpoint;

import io.tidemark.checkpoint.storage.CheckpointFiles;
import io.tidemark.engine.checkpoint.CheckpointLayout.Ref;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Savepoints: the newest complete checkpoint of every task of a job, copied on demand into a
 * self-contained directory that is itself a checkpoint storage root (same {@link CheckpointLayout},
 * only the files those checkpoints reference). A worker started with
 * {@code WorkerConfig.withSavepoint(uri)} restores a task from it when the job's own checkpoint
 * storage has no checkpoint of that task yet: to upgrade a job, move it to other storage, or start
 * it under a new name.
 *
 * <p>Tasks are independent (no shuffle), so per-task newest checkpoints taken at different times
 * form a consistent savepoint. It may be taken while the job runs; a checkpoint pruned during the
 * copy is retried with the newer one. Its lake sinks' pending commits refer to the job's lake: a
 * job started from it must write the same lake (the pending commits are finished there).
 */
public final class Savepoints {

    public static final String MARKER = "_savepoint";
    private static final int ATTEMPTS = 5;

    private Savepoints() {
    }

    /** The checkpoints of a savepoint, whatever the name of the job that will restore them. */
    public static CheckpointStorage open(String pathOrUri) throws IOException {
        CheckpointFiles files = CheckpointFiles.at(pathOrUri);
        if (!files.exists(MARKER)) {
            throw new IOException("not a savepoint (no " + MARKER + "): " + pathOrUri);
        }
        String job = new com.fasterxml.jackson.databind.ObjectMapper().readTree(files.read(MARKER)).path("job").asText();
        return new CheckpointStorage(files, job);
    }

    /** Copies the newest checkpoint of each of {@code tasks} tasks; returns the checkpoints copied. */
    public static List<TaskCheckpoint> create(CheckpointStorage source, CheckpointFiles target, int tasks)
            throws IOException {
        if (!target.listDirectories("").isEmpty()) {
            throw new IOException("savepoint directory is not empty: " + target.root());
        }
        List<TaskCheckpoint> copied = new ArrayList<>();
        for (int task = 0; task < tasks; task++) {
            copyTask(source, target, task).ifPresent(copied::add);
        }
        StringBuilder marker = new StringBuilder("{\"job\":\"").append(source.job()).append("\",\"tasks\":[");
        for (int i = 0; i < copied.size(); i++) {
            TaskCheckpoint c = copied.get(i);
            marker.append(i == 0 ? "" : ",").append("{\"task\":").append(c.task()).append(",\"checkpoint\":")
                    .append(c.id()).append(",\"offset\":").append(c.offset()).append('}');
        }
        marker.append("],\"createdAtMillis\":").append(System.currentTimeMillis()).append('}');
        target.writeAtomically(MARKER, marker.toString().getBytes(StandardCharsets.UTF_8));
        return copied;
    }

    private static Optional<TaskCheckpoint> copyTask(CheckpointStorage source, CheckpointFiles target, int task)
            throws IOException {
        String taskDir = CheckpointLayout.taskDir(source.job(), task);
        for (int attempt = 1; ; attempt++) {
            Optional<TaskCheckpoint> latest = source.latest(task);
            if (latest.isEmpty()) {
                return latest;
            }
            TaskCheckpoint c = latest.get();
            Path tmp = Files.createTempFile("tidemark-savepoint", ".part");
            try {
                for (StateFile f : c.files()) {
                    source.files().download(taskDir + "/" + f.path(), tmp);
                    target.upload(tmp, taskDir + "/" + f.path());
                }
                target.writeAtomically(CheckpointLayout.metadataFile(source.job(), new Ref(task, c.id(), c.epoch())),
                        c.toJson());
                return latest;
            } catch (FileNotFoundException | NoSuchFileException pruned) {
                target.delete(taskDir);
                if (attempt == ATTEMPTS) {
                    throw new IOException("checkpoints of task " + task + " were pruned faster than they could be "
                            + "copied", pruned);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
