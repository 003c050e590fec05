package io.tidemark.engine.snapshot;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A task's state at a record boundary, in a local directory: the store's files (for RocksDB a
 * {@code org.rocksdb.Checkpoint}) plus {@value SnapshotManifest#FILE_NAME}, which lists them.
 * Watermark and timers live inside the store (columns {@code _meta} and {@code <operator>/_timers}),
 * so the directory alone restores the task.
 *
 * @param id           monotonically increasing per task, chosen by the caller (the checkpoint id)
 * @param backend      which backend wrote it ({@code rocksdb}, {@code memory}); restore checks it
 * @param watermark    the task's watermark at the boundary
 * @param maxEventTime the largest event time seen, from which the watermark keeps growing
 */
public record Snapshot(long id, Path directory, String backend, long watermark, long maxEventTime,
                       List<SnapshotFile> files) {

    public Snapshot {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(backend, "backend");
        files = List.copyOf(files);
        if (id < 0) {
            throw new IllegalArgumentException("id must not be negative: " + id);
        }
    }

    /** Files a runtime must upload, given the immutable files earlier snapshots already uploaded. */
    public List<SnapshotFile> filesToUpload(java.util.Set<String> alreadyUploaded) {
        return files.stream().filter(f -> !f.immutable() || !alreadyUploaded.contains(f.name())).toList();
    }
}
