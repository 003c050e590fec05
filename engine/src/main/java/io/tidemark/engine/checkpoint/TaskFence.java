package io.tidemark.engine.checkpoint;

import io.tidemark.checkpoint.storage.CheckpointFiles;
import io.tidemark.lake.write.CommitGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.List;

/**
 * The zombie fence: a lease per task in checkpoint storage. A worker that is assigned a partition
 * claims the next epoch by creating {@code epochs/<max+1>} (create-if-absent, so two claimants
 * never get the same epoch); it may commit outputs and write checkpoints only while its epoch is
 * still the largest. A worker that lost the partition without noticing (long GC pause, network
 * partition) finds a larger epoch at its next commit step and stops with
 * {@link io.tidemark.lake.write.CommitFencedException}.
 *
 * <p>Why storage and not Kafka's group generation: the generation lives in the group coordinator,
 * and a zombie cut off from Kafka can still reach the lake; the check must be made against the
 * storage it is about to change, right before the change. What remains is the usual
 * check-then-act window of one file operation (the lease is checked before, not atomically with,
 * each rename); recovery tolerates it because every commit step is idempotent and recovery of the
 * newest epoch deletes what it does not reference.
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
            try {
                files.writeAtomically(dir + "/" + CheckpointLayout.epochName(next), owner.getBytes(StandardCharsets.UTF_8));
            } catch (FileAlreadyExistsException raced) {
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

    public long epoch() {
        return epoch;
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
