package io.tidemark.engine.runtime;

import io.tidemark.engine.checkpoint.CheckpointStorage;
import io.tidemark.engine.checkpoint.TaskCheckpoint;
import io.tidemark.lake.write.CommitFencedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of the job's group and the tasks of the partitions it is assigned, run
 * single-threaded: poll, push each record into its task, checkpoint each task when its interval has
 * passed (the barrier here, upload and commit on this thread's checkpoint thread while processing
 * goes on; see {@link TaskCheckpointer}), finish tasks at their end offsets in bounded mode. Tasks are created (restored) on
 * assignment and checkpointed and closed on revocation, inside {@code poll}, as the consumer's
 * rebalance protocol requires (cooperative-sticky: only partitions that really move are revoked).
 */
final class StreamThread implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamThread.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long FINISH_CHECK_MILLIS = 300;

    private final Job<?> job;
    private final WorkerConfig config;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TaskRestorer restorer;
    private final TaskCheckpointer checkpointer;
    private final CheckpointStorage storage;
    private final Map<Integer, TaskRunner<?>> tasks = new TreeMap<>();
    private final Map<Integer, Long> endOffsets = new HashMap<>();
    /** Runs the slow part of this thread's checkpoints, one at a time. */
    private final ExecutorService checkpoints;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private long lastFinishCheck;

    StreamThread(Job<?> job, WorkerConfig config, KafkaConsumer<byte[], byte[]> consumer, TaskRestorer restorer,
                 TaskCheckpointer checkpointer, CheckpointStorage storage) {
        this.job = job;
        this.config = config;
        this.consumer = consumer;
        this.restorer = restorer;
        this.checkpointer = checkpointer;
        this.storage = storage;
        this.checkpoints = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, Thread.currentThread().getName() + "-checkpoints");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(job.topic()), new Rebalance());
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    TaskRunner<?> t = tasks.get(r.partition());
                    if (t != null && !t.finished) {
                        process(t, r);
                    }
                }
                afterPoll();
            }
        } catch (WakeupException e) {
            // shutdown
        } catch (Throwable t) {
            failure = t;
            LOG.error("stream thread of job {} failed", job.name(), t);
        } finally {
            try {
                consumer.close(); // revokes the remaining tasks: checkpointed and closed by Rebalance
            } catch (RuntimeException e) {
                LOG.warn("closing the consumer of job {}: {}", job.name(), e.toString());
            }
            closeAll();
        }
    }

    /**
     * Pushes {@code r} through {@code t}. A task that fails while its fence no longer holds is a
     * zombie whose files its successor's recovery deleted (an open staged part, say): it is dropped
     * like any fenced task. Any other failure fails the stream thread.
     */
    private void process(TaskRunner<?> t, ConsumerRecord<byte[], byte[]> r) {
        try {
            t.process(r);
        } catch (RuntimeException e) {
            boolean owner;
            try {
                owner = t.fence.mayCommit();
            } catch (RuntimeException unknown) {
                e.addSuppressed(unknown);
                throw e;
            }
            if (owner) {
                throw e;
            }
            drop(t, new CommitFencedException("task " + t.info.id() + " epoch " + t.fence.epoch()
                    + " is fenced: another worker owns it; its processing failed: " + e, e));
        }
    }

    private void afterPoll() throws IOException {
        long now = System.currentTimeMillis();
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (TaskRunner<?> t : List.copyOf(tasks.values())) {
            if (t.inFlight != null && t.inFlight.isDone()) {
                finishInFlight(t, commit);
            }
        }
        for (TaskRunner<?> t : List.copyOf(tasks.values())) {
            if (t.finished) {
                continue;
            }
            t.task.advanceProcessingTime();
            if (config.stopAtEnd() && t.position >= endOffsets.getOrDefault(t.info.index(), Long.MAX_VALUE)) {
                t.task.endOfInput();
                if (finishInFlight(t, commit) && startCheckpoint(t, true, true, now)) {
                    consumer.pause(List.of(tp(t.info.index())));
                    LOG.info("task {} finished at offset {}", t.info.id(), t.position);
                }
            } else if (t.inFlight == null && now - t.lastCheckpointMillis >= config.checkpointInterval().toMillis()) {
                // A checkpoint still in flight when the interval passes delays the next one.
                startCheckpoint(t, false, false, now);
            }
        }
        if (!commit.isEmpty()) {
            consumer.commitAsync(commit, null);
        }
        if (config.stopAtEnd() && now - lastFinishCheck >= FINISH_CHECK_MILLIS) {
            lastFinishCheck = now;
            if (tasks.values().stream().allMatch(t -> t.finished) && allPartitionsFinished()) {
                LOG.info("job {}: every partition is finished; stopping", job.name());
                running = false;
            }
        }
    }

    /**
     * Runs {@code t}'s barrier here and hands the rest of its checkpoint to the checkpoint thread.
     * Returns false if the task was fenced and dropped.
     */
    private boolean startCheckpoint(TaskRunner<?> t, boolean drain, boolean finished, long now) throws IOException {
        CheckpointBarrier barrier;
        try {
            barrier = checkpointer.barrier(t, drain, finished);
        } catch (CommitFencedException e) {
            drop(t, e);
            return false;
        }
        t.lastCheckpointMillis = now;
        t.inFlight = new InFlightCheckpoint(barrier, checkpoints.submit(() -> checkpointer.complete(t, barrier)));
        return true;
    }

    /**
     * Waits for {@code t}'s checkpoint in flight, if any, acknowledges it and adds its offset to
     * {@code commit}. Returns false if the task was fenced and dropped; any other failure of the
     * checkpoint fails the stream thread, as a failed synchronous checkpoint would.
     */
    private boolean finishInFlight(TaskRunner<?> t, Map<TopicPartition, OffsetAndMetadata> commit)
            throws IOException {
        try {
            acknowledgeInFlight(t, commit);
            return true;
        } catch (CommitFencedException e) {
            drop(t, e);
            return false;
        }
    }

    private void acknowledgeInFlight(TaskRunner<?> t, Map<TopicPartition, OffsetAndMetadata> commit)
            throws IOException {
        InFlightCheckpoint f = t.inFlight;
        if (f == null) {
            return;
        }
        t.inFlight = null;
        TaskCheckpoint c = f.await();
        checkpointer.acknowledge(t, f.barrier(), c);
        commit.put(tp(t.info.index()), new OffsetAndMetadata(c.offset()));
    }

    /**
     * Another worker owns {@code t} now (its epoch is newer): this worker stops the task and
     * pauses its partition, and keeps running its other tasks. The group's rebalance then takes
     * the partition away (or hands it back, and the task is restored afresh).
     */
    private void drop(TaskRunner<?> t, CommitFencedException e) {
        LOG.warn("task {} is fenced ({}); dropped, the worker keeps its other tasks", t.info.id(), e.getMessage());
        tasks.remove(t.info.index());
        consumer.pause(List.of(tp(t.info.index())));
        closeQuietly(t);
    }

    /** Waits for {@code t}'s checkpoint in flight without acting on its outcome, then closes the task. */
    private void closeQuietly(TaskRunner<?> t) {
        InFlightCheckpoint f = t.inFlight;
        t.inFlight = null;
        if (f != null) {
            try {
                f.await();
            } catch (IOException | RuntimeException e) {
                LOG.warn("task {}: checkpoint {} in flight at close did not complete: {}", t.info.id(),
                        f.barrier().id(), e.toString());
            }
        }
        try {
            t.close();
        } catch (RuntimeException e) {
            LOG.warn("closing task {}: {}", t.info.id(), e.toString());
        }
    }

    private boolean allPartitionsFinished() throws IOException {
        int partitions = consumer.partitionsFor(job.topic()).size();
        for (int p = 0; p < partitions; p++) {
            var c = storage.latest(p);
            if (c.isEmpty() || !c.get().finished()) {
                return false;
            }
        }
        return true;
    }

    private TopicPartition tp(int partition) {
        return new TopicPartition(job.topic(), partition);
    }

    void shutdown() {
        running = false;
        consumer.wakeup();
    }

    Throwable failure() {
        return failure;
    }

    private void closeAll() {
        for (TaskRunner<?> t : tasks.values()) {
            closeQuietly(t);
        }
        tasks.clear();
        checkpoints.shutdown();
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                try {
                    TaskRunner<?> t = restorer.open(tp.partition());
                    if (t.position < 0) {
                        consumer.seekToBeginning(Set.of(tp));
                        t.position = consumer.position(tp);
                    } else {
                        consumer.seek(tp, t.position);
                    }
                    t.lastCheckpointMillis = System.currentTimeMillis();
                    tasks.put(tp.partition(), t);
                    if (config.stopAtEnd()) {
                        endOffsets.put(tp.partition(), consumer.endOffsets(Set.of(tp)).get(tp));
                    }
                    if (t.finished) {
                        consumer.pause(Set.of(tp));
                    } else {
                        consumer.resume(Set.of(tp)); // paused if this worker dropped it when fenced
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open task of " + tp, e);
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            for (TopicPartition tp : partitions) {
                TaskRunner<?> t = tasks.remove(tp.partition());
                if (t == null) {
                    continue;
                }
                try {
                    acknowledgeInFlight(t, commit);
                    if (!t.finished && failure == null) {
                        // Synchronous: the partition's next owner restores this checkpoint.
                        TaskCheckpoint c = checkpointer.checkpointNow(t, false, false);
                        commit.put(tp, new OffsetAndMetadata(c.offset()));
                    }
                } catch (CommitFencedException e) {
                    LOG.warn("task {} was revoked and is fenced; not checkpointed: {}", t.info.id(), e.getMessage());
                } catch (IOException e) {
                    LOG.error("task {} could not checkpoint on revocation; its successor restores an older one",
                            t.info.id(), e);
                } finally {
                    closeQuietly(t);
                }
            }
            if (!commit.isEmpty()) {
                try {
                    consumer.commitSync(commit);
                } catch (RuntimeException e) {
                    LOG.warn("offset commit on revocation failed (lag monitoring only): {}", e.toString());
                }
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                TaskRunner<?> t = tasks.remove(tp.partition());
                if (t != null) {
                    LOG.warn("task {} lost without revocation (session expired); closed without a new checkpoint",
                            t.info.id());
                    closeQuietly(t);
                }
            }
        }
    }
}
