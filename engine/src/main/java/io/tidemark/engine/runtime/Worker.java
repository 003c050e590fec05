package io.tidemark.engine.runtime;

import io.micrometer.core.instrument.Counter;
import io.tidemark.engine.checkpoint.CheckpointStorage;
import io.tidemark.engine.kafka.RejectedRecords;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One JVM's share of a job: {@link WorkerConfig#streamThreads()} stream threads, each a consumer
 * in the job's group (group id = job name) with the tasks of the partitions it is assigned. Start
 * as many workers as you like, on as many machines: Kafka spreads the partitions, checkpoint
 * storage moves the tasks' state.
 *
 * <pre>{@code
 * Job<Event> job = new Job<>(pipeline, "events", "tidemark.events", decoder);
 * try (Worker w = Worker.start(job, WorkerConfig.of("localhost:9092", "file:///data/checkpoints", workDir))) {
 *     w.awaitTermination();
 * }
 * }</pre>
 */
public final class Worker implements AutoCloseable {

    private final Job<?> job;
    private final List<StreamThread> streams = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final RejectedRecords rejected;

    private Worker(Job<?> job, WorkerConfig config) {
        this.job = job;
        this.rejected = new RejectedRecords(config.bootstrapServers(), config.rejectedTopic(), config.metrics(),
                job.name());
        CheckpointStorage storage = CheckpointStorage.at(config.checkpoints(), job.name());
        Counter processed = Counter.builder("tidemark.engine.records.in").tag("job", job.name())
                .description("Input records processed").register(config.metrics());
        TaskCheckpointer checkpointer = new TaskCheckpointer(storage, rejected, config.retainedCheckpoints(),
                config.metrics());
        String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
        for (int i = 0; i < config.streamThreads(); i++) {
            TaskRestorer restorer = new TaskRestorer(job, config, storage, rejected, processed, owner);
            StreamThread s = new StreamThread(job, config, consumer(job, config, i), restorer, checkpointer, storage);
            streams.add(s);
            Thread t = new Thread(s, job.name() + "-stream-" + i);
            threads.add(t);
        }
    }

    public static Worker start(Job<?> job, WorkerConfig config) {
        Worker w = new Worker(Objects.requireNonNull(job, "job"), Objects.requireNonNull(config, "config"));
        w.threads.forEach(Thread::start);
        return w;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Job<?> job, WorkerConfig config, int index) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, job.name());
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if (config.groupInstanceId() != null) {
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.groupInstanceId() + "-" + index);
        }
        p.putAll(config.consumerOverrides());
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public String jobName() {
        return job.name();
    }

    /** Blocks until every stream thread has stopped (bounded mode: all partitions finished). */
    public void awaitTermination() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    /** The first failure of a stream thread, if any. */
    public Throwable failure() {
        for (StreamThread s : streams) {
            if (s.failure() != null) {
                return s.failure();
            }
        }
        return null;
    }

    /** Stops the stream threads; their tasks are checkpointed on revocation and closed. */
    @Override
    public void close() throws InterruptedException {
        streams.forEach(StreamThread::shutdown);
        awaitTermination();
        rejected.close();
    }
}
