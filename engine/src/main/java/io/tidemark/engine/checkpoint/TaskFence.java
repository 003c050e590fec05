package io.tidemark.engine.checkpoint;

import io.tidemark.checkpoint.storage.CheckpointFiles;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.write.CommitGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.List;
import org.apache.hadoop.fs.FSDataOutputStream;

/**
 * The zombie fence: a lease per task in checkpoint storage. A worker that is assigned a partition
 * claims the next epoch by creating {@code epochs/<max+1>} (an atomic create-if-absent, so two
 * claimants never get the same epoch); it may commit outputs and write checkpoints only while its epoch is
 * still the largest. A worker that lost the partition without noticing (long GC pause, network
 * partition) finds a larger epoch at its next commit step and stops with
 * {@link io.tidemark.lake.write.CommitFencedException}.
 *
 * <p>Why storage and not Kafka's group generation: the generation lives in the group coordinator,
 * and a zombie cut off from Kafka can still reach the lake; the check must be made against the
 * storage it is about to change, right before the change. What remains is the usual
 * check-then-act window of one file operation (the lease is checked before, not atomically with,
 * each rename); the lake committer makes that operation harmless: its renames never replace a
 * file, and it reads the origin of a visible file it finds before counting it as its own
 * ({@link io.tidemark.lake.write.LakeCommitter}); recovery of the newest epoch deletes the hidden
 * files it does not reference.
 */
public final class TaskFence implements CommitGuard {

    private static final int KEEP_OLD_EPOCHS = 2;

    private final CheckpointFiles files;
    private final String dir;
    private final long epoch;

    private TaskFence(CheckpointFiles files, String dir, long epoch) {
        this.files = files;
        this.dir = dir;
        this.epoch = epoch;
    }

    /** Claims the next epoch of {@code task}. */
    public static TaskFence claim(CheckpointFiles files, String job, int task, String owner) throws IOException {
        String dir = CheckpointLayout.epochsDir(job, task);
        for (int attempt = 0; attempt < 100; attempt++) {
            long next = maxEpoch(files, dir) + 1;
            if (!createExclusively(files.resolve(dir + "/" + CheckpointLayout.epochName(next)),
                    owner.getBytes(StandardCharsets.UTF_8))) {
                continue;
            }
            if (maxEpoch(files, dir) != next) {
                // Someone claimed past us while we listed, or we re-created a pruned old epoch: not ours.
                continue;
            }
            for (String name : files.listFiles(dir)) {
                if (Long.parseLong(name) < next - KEEP_OLD_EPOCHS) {
                    files.delete(dir + "/" + name);
                }
            }
            return new TaskFence(files, dir, next);
        }
        throw new IOException("could not claim an epoch of " + dir + " after 100 attempts");
    }

    /**
     * Creates {@code file} only if it does not exist, atomically: O_EXCL on the local file system,
     * the name node's create-if-absent on HDFS. (A write-then-rename would not do: a local rename
     * silently replaces the target, so two claimants could both get the same epoch.) On object
     * stores without conditional writes this is best effort; Kafka's assignment already makes
     * concurrent claims of one task rare.
     */
    private static boolean createExclusively(Location file, byte[] content) throws IOException {
        file.fs().mkdirs(file.parent().path());
        if ("file".equals(file.fs().getUri().getScheme())) {
            java.nio.file.Path local = java.nio.file.Path.of(file.path().toUri());
            try {
                java.nio.file.Files.write(local, content, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException raced) {
                return false;
            }
        }
        try (FSDataOutputStream out = file.fs().create(file.path(), false)) {
            out.write(content);
            return true;
        } catch (FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException raced) {
            return false;
        }
    }

    public long epoch() {
        return epoch;
    }

    /** Staged lake files are named after the epoch: a successor's never collide with a zombie's. */
    @Override
    public String owner() {
        return "e" + epoch;
    }

    /** True while no later owner has claimed the task. */
    @Override
    public boolean mayCommit() {
        try {
            return maxEpoch(files, dir) == epoch;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the epochs of " + dir, e);
        }
    }

    private static long maxEpoch(CheckpointFiles files, String dir) throws IOException {
        List<String> names = files.listFiles(dir);
        long max = 0;
        for (String name : names) {
            max = Math.max(max, Long.parseLong(name));
        }
        return max;
    }
}
