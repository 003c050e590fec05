package io.tidemark.engine.checkpoint;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a job's checkpoints live, relative to the checkpoint storage root:
 *
 * <pre>
 * &lt;job&gt;/task-&lt;p&gt;/epochs/&lt;epoch&gt;                        ownership leases ({@link TaskFence})
 * &lt;job&gt;/task-&lt;p&gt;/shared/e&lt;epoch&gt;/&lt;file&gt;.sst              immutable state files, shared by checkpoints
 * &lt;job&gt;/task-&lt;p&gt;/chk-&lt;id&gt;-e&lt;epoch&gt;/private/&lt;file&gt;       mutable state files of one checkpoint
 * &lt;job&gt;/task-&lt;p&gt;/chk-&lt;id&gt;-e&lt;epoch&gt;/_metadata            {@link TaskCheckpoint}, written last
 * </pre>
 *
 * Numbers are zero-padded to 19 digits so names sort like numbers. Shared files sit under the
 * epoch that uploaded them: two owners of the same task (a zombie and its successor) may produce
 * SST files of the same name with different contents, and must never overwrite each other's.
 */
public final class CheckpointLayout {

    public static final String METADATA = "_metadata";
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d{19})-e(\\d{19})");

    private CheckpointLayout() {
    }

    /** A checkpoint directory's coordinates. */
    public record Ref(int task, long id, long epoch) {
        public String dirName() {
            return String.format("chk-%019d-e%019d", id, epoch);
        }
    }

    public static String taskDir(String job, int task) {
        return job + "/task-" + task;
    }

    public static String epochsDir(String job, int task) {
        return taskDir(job, task) + "/epochs";
    }

    public static String epochName(long epoch) {
        return String.format("%019d", epoch);
    }

    public static String sharedDir(String job, int task) {
        return taskDir(job, task) + "/shared";
    }

    /** Relative to the task directory. */
    public static String sharedFile(long epoch, String name) {
        return "shared/e" + epoch + "/" + name;
    }

    /** Relative to the task directory. */
    public static String privateFile(Ref ref, String name) {
        return ref.dirName() + "/private/" + name;
    }

    public static String checkpointDir(String job, Ref ref) {
        return taskDir(job, ref.task()) + "/" + ref.dirName();
    }

    public static String metadataFile(String job, Ref ref) {
        return checkpointDir(job, ref) + "/" + METADATA;
    }

    public static Optional<Ref> parse(int task, String dirName) {
        Matcher m = CHECKPOINT.matcher(dirName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Ref(task, Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
    }
}
