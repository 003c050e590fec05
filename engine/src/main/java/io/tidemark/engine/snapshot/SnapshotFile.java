package io.tidemark.engine.snapshot;

import java.util.Objects;

/**
 * One file of a snapshot directory. {@code immutable} files (RocksDB SST files) never change once
 * written and keep their name across snapshots of the same store, so a runtime uploads an immutable
 * file only if an earlier snapshot did not already upload it (incremental checkpoints).
 */
public record SnapshotFile(String name, long sizeBytes, boolean immutable) {

    public SnapshotFile {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("name must be a plain file name: '" + name + "'");
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative: " + sizeBytes);
        }
    }
}
