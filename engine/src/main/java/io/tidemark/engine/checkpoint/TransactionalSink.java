package io.tidemark.engine.checkpoint;

import io.tidemark.lake.write.CommitGuard;
import java.io.IOException;
import java.util.Optional;

/**
 * The checkpoint side of a sink whose output becomes visible only with a completed checkpoint
 * (two-phase commit). The runtime drives it on the task's thread, except {@link #commit}:
 *
 * <ol>
 *   <li>{@link #begin} once, before the first record, with the state the last complete checkpoint
 *       stored for it (empty for a fresh task): finishes that checkpoint's commit and removes
 *       leftovers of later, incomplete ones;
 *   <li>{@link #preCommit} at each barrier, at a record boundary: everything written so far
 *       becomes durable but invisible; the returned text goes into the checkpoint's metadata;
 *   <li>{@link #commit} with that text only after the metadata is durable, on the runtime's
 *       checkpoint thread while the task thread keeps writing (never beside {@link #begin} or
 *       {@link #preCommit}: the runtime waits for it before the next barrier);
 *   <li>{@link #committed} with the same text, back on the task's thread.
 * </ol>
 *
 * Every step that changes visible output asks {@code guard} first (the zombie fence).
 */
public interface TransactionalSink {

    /** The key of this sink's state in the checkpoint metadata; unique within the job. */
    String stateName();

    void begin(Optional<String> restoredState, CommitGuard guard) throws IOException;

    /** {@code drain}: end of input or stop with savepoint; publish everything, carry nothing over. */
    String preCommit(long checkpointId, boolean drain) throws IOException;

    /**
     * Makes what {@link #preCommit} returned as {@code state} visible. May run on another thread
     * than the writes, concurrently with them: it must touch nothing they touch. Idempotent.
     */
    void commit(String state, CommitGuard guard) throws IOException;

    /** On the task's thread after {@link #commit} of {@code state} returned: bookkeeping, if any. */
    default void committed(String state) throws IOException {
    }
}
