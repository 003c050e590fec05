package io.tidemark.engine.runtime;

import io.tidemark.engine.checkpoint.TaskCheckpoint;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** A task's checkpoint past its barrier whose upload, metadata write and commit run in the background. */
record InFlightCheckpoint(CheckpointBarrier barrier, Future<TaskCheckpoint> result) {

    boolean isDone() {
        return result.isDone();
    }

    /**
     * Waits for the background part and returns the complete checkpoint; rethrows what it threw
     * ({@link io.tidemark.lake.write.CommitFencedException} when another worker owns the task).
     */
    TaskCheckpoint await() throws IOException {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while checkpoint " + barrier.id() + " was in flight");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException("checkpoint " + barrier.id() + " failed", cause);
        }
    }
}
