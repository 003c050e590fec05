package io.tidemark.engine.state;

import java.nio.file.Path;

/**
 * Makes the {@link KvStore} of a task: empty, or restored from a snapshot directory. The seam a
 * runtime uses after downloading a checkpoint; {@link StateBackends} has the implementations.
 */
public interface StateBackend {

    /** Recorded in snapshots; restore refuses a snapshot of another kind. */
    String kind();

    /** An empty store working in {@code workDir} (created if absent, must be empty). */
    KvStore open(Path workDir);

    /** A store holding exactly what the snapshot in {@code snapshotDir} holds, working in {@code workDir}. */
    KvStore restore(Path snapshotDir, Path workDir);
}
