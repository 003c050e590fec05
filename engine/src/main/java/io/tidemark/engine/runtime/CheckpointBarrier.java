package io.tidemark.engine.runtime;

import io.tidemark.engine.checkpoint.StateFile;
import io.tidemark.engine.snapshot.Snapshot;
import java.util.Map;
import java.util.Objects;

/**
 * What the synchronous part of a task's checkpoint captured at its record boundary: the local
 * snapshot (a RocksDB checkpoint of hard links, so the task may keep writing), the sinks'
 * pre-committed values, and the offset to resume from. Everything the asynchronous part needs,
 * so that it never reads the task's changing fields.
 *
 * @param offset        the next offset to read after this checkpoint
 * @param finished      bounded mode: the task reached its end offset and drained its outputs
 * @param pending       each transactional sink's pre-committed value, by state name
 * @param previousFiles the files of the task's last complete checkpoint, reused when unchanged
 * @param startNanos    when the barrier began, for the checkpoint's duration
 */
record CheckpointBarrier(long id, long offset, boolean finished, Snapshot snapshot, Map<String, String> pending,
                         Map<String, StateFile> previousFiles, long startNanos) {
    CheckpointBarrier {
        Objects.requireNonNull(snapshot, "snapshot");
        pending = Map.copyOf(pending);
        previousFiles = Map.copyOf(previousFiles);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
    }
}
