package io.tidemark.engine.runtime;

import io.tidemark.engine.checkpoint.CheckpointStorage;
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
 * passed, finish tasks at their end offsets in bounded mode. Tasks are created (restored) on
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
                        t.process(r);
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

    private void afterPoll() throws IOException {
        long now = System.currentTimeMillis();
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (TaskRunner<?> t : tasks.values()) {
            if (t.finished) {
                continue;
            }
            t.task.advanceProcessingTime();
            if (config.stopAtEnd() && t.position >= endOffsets.getOrDefault(t.info.index(), Long.MAX_VALUE)) {
                t.task.endOfInput();
                checkpoint(t, true, true, commit);
                consumer.pause(List.of(tp(t.info.index())));
                LOG.info("task {} finished at offset {}", t.info.id(), t.position);
            } else if (now - t.lastCheckpointMillis >= config.checkpointInterval().toMillis()) {
                checkpoint(t, false, false, commit);
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

    private void checkpoint(TaskRunner<?> t, boolean drain, boolean finished,
                            Map<TopicPartition, OffsetAndMetadata> commit) throws IOException {
        checkpointer.checkpoint(t, drain, finished);
        t.lastCheckpointMillis = System.currentTimeMillis();
        commit.put(tp(t.info.index()), new OffsetAndMetadata(t.position));
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
            try {
                t.close();
            } catch (RuntimeException e) {
                LOG.warn("closing task {}: {}", t.info.id(), e.toString());
            }
        }
        tasks.clear();
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
                    if (!t.finished && failure == null) {
                        checkpoint(t, false, false, commit);
                    }
                } catch (CommitFencedException e) {
                    LOG.warn("task {} was revoked and is fenced; not checkpointed: {}", t.info.id(), e.getMessage());
                } catch (IOException e) {
                    LOG.error("task {} could not checkpoint on revocation; its successor restores an older one",
                            t.info.id(), e);
                } finally {
                    t.close();
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
                    LOG.warn("task {} lost without revocation (session expired); closed without checkpoint",
                            t.info.id());
                    t.close();
                }
            }
        }
    }
}
