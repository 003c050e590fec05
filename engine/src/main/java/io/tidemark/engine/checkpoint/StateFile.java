package io.tidemark.engine.checkpoint;

import java.util.Objects;

/**
 * One file of a task's state in checkpoint storage: {@code name} is its name in the local snapshot
 * directory, {@code path} its place relative to the task's directory in checkpoint storage.
 * Immutable files (RocksDB SSTs) live under {@code shared/} and are referenced by every checkpoint
 * that contains them; the others are private to one checkpoint.
 */
public record StateFile(String name, String path, long sizeBytes) {
    public StateFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative: " + sizeBytes);
        }
    }
}
