package io.tidemark.engine.checkpoint;

import io.tidemark.checkpoint.storage.CheckpointFiles;
import io.tidemark.engine.checkpoint.CheckpointLayout.Ref;
import io.tidemark.engine.snapshot.Snapshot;
import io.tidemark.engine.snapshot.SnapshotFile;
import io.tidemark.engine.snapshot.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One job's checkpoints in checkpoint storage (any Hadoop file system), laid out as
 * {@link CheckpointLayout} says. Uploads are incremental: an immutable file the previous checkpoint
 * of the same task already stored (same name and size) is referenced, not copied again.
 */
public final class CheckpointStorage {

    private final CheckpointFiles files;
    private final String job;

    public CheckpointStorage(CheckpointFiles files, String job) {
        this.files = Objects.requireNonNull(files, "files");
        this.job = Objects.requireNonNull(job, "job");
    }

    public static CheckpointStorage at(String pathOrUri, String job) {
        return new CheckpointStorage(CheckpointFiles.at(pathOrUri), job);
    }

    public String job() {
        return job;
    }

    public CheckpointFiles files() {
        return files;
    }

    public TaskFence claim(int task, String owner) throws IOException {
        return TaskFence.claim(files, job, task, owner);
    }

    /** Result of {@link #uploadState}: the files of the checkpoint and how many bytes were copied. */
    public record Upload(List<StateFile> files, long bytesCopied, int filesCopied) {
    }

    /**
     * Copies the snapshot's files (and its manifest) to checkpoint {@code ref}. {@code previous} is
     * the task's last checkpoint's files by name (empty for the first one): immutable files found
     * there with the same size are reused.
     */
    public Upload uploadState(Snapshot snapshot, Ref ref, Map<String, StateFile> previous) throws IOException {
        String taskDir = CheckpointLayout.taskDir(job, ref.task());
        List<StateFile> out = new ArrayList<>();
        long bytes = 0;
        int copied = 0;
        List<SnapshotFile> all = new ArrayList<>(snapshot.files());
        Path manifest = snapshot.directory().resolve(SnapshotManifest.FILE_NAME);
        all.add(new SnapshotFile(SnapshotManifest.FILE_NAME, Files.size(manifest), false));
        for (SnapshotFile f : all) {
            StateFile known = previous.get(f.name());
            if (f.immutable() && known != null && known.sizeBytes() == f.sizeBytes()) {
                out.add(known);
                continue;
            }
            String path = f.immutable() ? CheckpointLayout.sharedFile(ref.epoch(), f.name())
                    : CheckpointLayout.privateFile(ref, f.name());
            files.upload(snapshot.directory().resolve(f.name()), taskDir + "/" + path);
            out.add(new StateFile(f.name(), path, f.sizeBytes()));
            bytes += f.sizeBytes();
            copied++;
        }
        return new Upload(out, bytes, copied);
    }

    /** Makes the checkpoint complete. Call only after its state files are uploaded. */
    public void writeMetadata(TaskCheckpoint checkpoint) throws IOException {
        Ref ref = new Ref(checkpoint.task(), checkpoint.id(), checkpoint.epoch());
        files.writeAtomically(CheckpointLayout.metadataFile(job, ref), checkpoint.toJson());
    }

    /** The task's checkpoint directories, newest first: latest epoch first, then highest id. */
    public List<Ref> list(int task) throws IOException {
        List<Ref> refs = new ArrayList<>();
        for (String name : files.listDirectories(CheckpointLayout.taskDir(job, task))) {
            CheckpointLayout.parse(task, name).ifPresent(refs::add);
        }
        refs.sort(Comparator.comparingLong(Ref::epoch).thenComparingLong(Ref::id).reversed());
        return refs;
    }

    /** The checkpoint's metadata, or empty if it has none (incomplete). */
    public Optional<TaskCheckpoint> read(Ref ref) throws IOException {
        String path = CheckpointLayout.metadataFile(job, ref);
        if (!files.exists(path)) {
            return Optional.empty();
        }
        return Optional.of(TaskCheckpoint.fromJson(files.read(path)));
    }

    /** Downloads the checkpoint's state into {@code localDir}, a snapshot directory the task builder restores. */
    public void downloadState(TaskCheckpoint checkpoint, Path localDir) throws IOException {
        String taskDir = CheckpointLayout.taskDir(job, checkpoint.task());
        Files.createDirectories(localDir);
        for (StateFile f : checkpoint.files()) {
            Path local = localDir.resolve(f.name());
            files.download(taskDir + "/" + f.path(), local);
            if (Files.size(local) != f.sizeBytes()) {
                throw new IOException("state file " + f.path() + " has " + Files.size(local) + " bytes, metadata says "
                        + f.sizeBytes());
            }
        }
    }

    /**
     * Keeps the newest {@code keep} complete checkpoints of {@code task}: deletes older checkpoint
     * directories (complete or not) and shared files none of the kept ones references.
     */
    public void retain(int task, int keep) throws IOException {
        String taskDir = CheckpointLayout.taskDir(job, task);
        List<Ref> refs = list(task);
        List<TaskCheckpoint> kept = new ArrayList<>();
        int i = 0;
        for (; i < refs.size() && kept.size() < keep; i++) {
            try {
                read(refs.get(i)).ifPresent(kept::add);
            } catch (IllegalArgumentException corrupt) {
                // a corrupt checkpoint is not kept, and is deleted with the old ones below
            }
        }
        if (kept.size() < keep) {
            return;
        }
        Ref oldestKept = new Ref(task, kept.get(kept.size() - 1).id(), kept.get(kept.size() - 1).epoch());
        for (Ref r : refs) {
            if (r.epoch() < oldestKept.epoch() || (r.epoch() == oldestKept.epoch() && r.id() < oldestKept.id())) {
                files.delete(CheckpointLayout.checkpointDir(job, r));
            }
        }
        java.util.Set<String> referenced = new java.util.HashSet<>();
        kept.forEach(c -> c.files().forEach(f -> referenced.add(f.path())));
        for (String epochDir : files.listDirectories(CheckpointLayout.sharedDir(job, task))) {
            String rel = "shared/" + epochDir;
            for (String name : files.listFiles(taskDir + "/" + rel)) {
                if (!referenced.contains(rel + "/" + name)) {
                    files.delete(taskDir + "/" + rel + "/" + name);
                }
            }
        }
    }

    /** The newest complete checkpoint of {@code task} that parses, if any. */
    public Optional<TaskCheckpoint> latest(int task) throws IOException {
        for (Ref r : list(task)) {
            try {
                Optional<TaskCheckpoint> c = read(r);
                if (c.isPresent()) {
                    return c;
                }
            } catch (IllegalArgumentException corrupt) {
                // skipped; recovery reports it loudly
            }
        }
        return Optional.empty();
    }
}
