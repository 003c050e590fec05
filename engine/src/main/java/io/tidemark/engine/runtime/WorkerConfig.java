package io.tidemark.engine.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidemark.engine.config.EngineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A worker's settings. Build with {@link #of} and the {@code with...} copies; the compact
 * constructor reports every problem at once.
 *
 * @param bootstrapServers   Kafka
 * @param checkpoints        checkpoint storage: a directory or a Hadoop URI
 * @param workDir            local directory for the tasks' RocksDB instances and snapshots
 * @param checkpointInterval how often each task checkpoints (default 10 s)
 * @param retainedCheckpoints complete checkpoints kept per task (default 3)
 * @param streamThreads      consumers (and task threads) in this worker (default 1)
 * @param stopAtEnd          bounded mode: each task finishes at the end offset its partition had
 *                           when the task was assigned; the worker stops when every partition is finished
 * @param rejectedTopic      where undecodable records go (default {@code tidemark.events.rejected})
 * @param groupInstanceId    Kafka static membership: a restarted worker with the same id takes its
 *                           partitions back without waiting for the session timeout (null = dynamic)
 * @param consumerOverrides  extra consumer properties (e.g. {@code session.timeout.ms})
 * @param engine             state backend, cache and watermark settings of the tasks
 * @param metrics            where the runtime's meters go
 * @param savepoint          a savepoint directory or URI to restore tasks from that have no checkpoint yet (null = none)
 */
public record WorkerConfig(String bootstrapServers, String checkpoints, Path workDir, Duration checkpointInterval,
                           int retainedCheckpoints, int streamThreads, boolean stopAtEnd, String rejectedTopic,
                           String groupInstanceId, Map<String, String> consumerOverrides, EngineConfig engine,
                           MeterRegistry metrics, String savepoint) {

    public static final String DEFAULT_REJECTED_TOPIC = "tidemark.events.rejected";

    public WorkerConfig {
        List<String> problems = new ArrayList<>();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            problems.add("bootstrapServers is required");
        }
        if (checkpoints == null || checkpoints.isBlank()) {
            problems.add("checkpoints is required");
        }
        if (workDir == null) {
            problems.add("workDir is required");
        }
        if (checkpointInterval == null || checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            problems.add("checkpointInterval must be positive: " + checkpointInterval);
        }
        if (retainedCheckpoints < 1) {
            problems.add("retainedCheckpoints must be at least 1: " + retainedCheckpoints);
        }
        if (streamThreads < 1) {
            problems.add("streamThreads must be at least 1: " + streamThreads);
        }
        if (rejectedTopic == null || rejectedTopic.isBlank()) {
            problems.add("rejectedTopic is required");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid worker config: " + String.join("; ", problems));
        }
        consumerOverrides = Map.copyOf(consumerOverrides);
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(metrics, "metrics");
    }

    public static WorkerConfig of(String bootstrapServers, String checkpoints, Path workDir) {
        return new WorkerConfig(bootstrapServers, checkpoints, workDir, Duration.ofSeconds(10), 3, 1, false,
                DEFAULT_REJECTED_TOPIC, null, Map.of(), EngineConfig.defaults(), new SimpleMeterRegistry(), null);
    }

    public WorkerConfig withCheckpointInterval(Duration d) {
        return new WorkerConfig(bootstrapServers, checkpoints, workDir, d, retainedCheckpoints, streamThreads,
                stopAtEnd, rejectedTopic, groupInstanceId, consumerOverrides, engine, metrics, savepoint);
    }

    public WorkerConfig withRetainedCheckpoints(int n) {
        return new WorkerConfig(bootstrapServers, checkpoints, workDir, checkpointInterval, n, streamThreads,
                stopAtEnd, rejectedTopic, groupInstanceId, consumerOverrides, engine, metrics, savepoint);
    }

    public WorkerConfig withStreamThreads(int n) {
        return new WorkerConfig(bootstrapServers, checkpoints, workDir, checkpointInterval, retainedCheckpoints, n,
                stopAtEnd, rejectedTopic, groupInstanceId, consumerOverrides, engine, metrics, savepoint);
    }

    public WorkerConfig withStopAtEnd(boolean stop) {
        return new WorkerConfig(bootstrapServers, checkpoints, workDir, checkpointInterval, retainedCheckpoints,
                streamThreads, stop, rejectedTopic, groupInstanceId, consumerOverrides, engine, metrics, savepoint);
    }

    public WorkerConfig withRejectedTopic(String topic) {
        return new WorkerConfig(bootstrapServers, checkpoints, workDir, checkpointInterval, retainedCheckpoints,
                streamThreads, stopAtEnd, topic, groupInstanceId, consumerOverrides, engine, metrics, savepoint);
    }

    public WorkerConfig withGroupInstanceId(String id) {
        return new WorkerConfig(bootstrapServers, checkpoints, workDir, checkpointInterval, retainedCheckpoints,
                streamThreads, stopAtEnd, rejectedTopic, id, consumerOverrides, engine, metrics, savepoint);
    }

    public WorkerConfig withConsumerOverrides(Map<String, String> overrides) {
        return new WorkerConfig(bootstrapServers, checkpoints, workDir, checkpointInterval, retainedCheckpoints,
                streamThreads, stopAtEnd, rejectedTopic, groupInstanceId, overrides, engine, metrics, savepoint);
    }

    public WorkerConfig withEngine(EngineConfig e) {
        return new WorkerConfig(bootstrapServers, checkpoints, workDir, checkpointInterval, retainedCheckpoints,
                streamThreads, stopAtEnd, rejectedTopic, groupInstanceId, consumerOverrides, e, metrics, savepoint);
    }

    public WorkerConfig withMetrics(MeterRegistry m) {
        return new WorkerConfig(bootstrapServers, checkpoints, workDir, checkpointInterval, retainedCheckpoints,
                streamThreads, stopAtEnd, rejectedTopic, groupInstanceId, consumerOverrides, engine, m, savepoint);
    }

    public WorkerConfig withSavepoint(String pathOrUri) {
        return new WorkerConfig(bootstrapServers, checkpoints, workDir, checkpointInterval, retainedCheckpoints,
                streamThreads, stopAtEnd, rejectedTopic, groupInstanceId, consumerOverrides, engine, metrics, pathOrUri);
    }
}
