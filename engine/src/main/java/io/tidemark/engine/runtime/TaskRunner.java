package io.tidemark.engine.runtime;

import io.micrometer.core.instrument.Counter;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.api.TaskInfo;
import io.tidemark.engine.api.internals.Node;
import io.tidemark.engine.checkpoint.StateFile;
import io.tidemark.engine.checkpoint.TaskFence;
import io.tidemark.engine.checkpoint.TransactionalSink;
import io.tidemark.engine.checkpoint.TransactionalSinkFactory;
import io.tidemark.engine.kafka.KafkaCoordinates;
import io.tidemark.engine.kafka.RecordDecoder;
import io.tidemark.engine.kafka.RejectedRecords;
import io.tidemark.engine.task.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One task at run time: the core {@link Task} of a partition plus what the runtime tracks around
 * it (the next offset to read, its fence, its transactional sinks, the files of its last
 * checkpoint). Built by {@link TaskRestorer}; checkpointed by {@link TaskCheckpointer}. Confined
 * to its stream thread.
 */
final class TaskRunner<T> implements AutoCloseable {

    final TaskInfo info;
    final Task task;
    final TaskFence fence;
    final List<TransactionalSink> sinks;
    final Path workDir;
    private final Task.Input<T> input;
    private final RecordDecoder<T> decoder;
    private final RejectedRecords rejected;
    private final Counter processed;
    /** The next offset to read; the checkpoint records it. */
    long position;
    long nextCheckpointId;
    long lastCheckpointMillis;
    boolean finished;
    Map<String, StateFile> lastFiles = new HashMap<>();
    /** The checkpoint past its barrier whose background part has not been acknowledged yet. */
    InFlightCheckpoint inFlight;

    TaskRunner(TaskInfo info, Task task, TaskFence fence, List<TransactionalSink> sinks, Path workDir, Job<T> job,
               RejectedRecords rejected, Counter processed) {
        this.info = info;
        this.task = task;
        this.fence = fence;
        this.sinks = sinks;
        this.workDir = workDir;
        this.input = task.input(job.sourceName());
        this.decoder = job.decoder();
        this.rejected = rejected;
        this.processed = processed;
    }

    /** The transactional sinks of {@code pipeline} as instantiated for {@code info}, in declaration order. */
    static List<TransactionalSink> transactionalSinks(Pipeline pipeline, TaskInfo info) {
        List<TransactionalSink> out = new ArrayList<>();
        for (Node n : pipeline.graph().nodes()) {
            if (n.spec() instanceof Node.SinkSpec<?> s && s.factory() instanceof TransactionalSinkFactory<?> f) {
                out.add(f.transactional(info));
            }
        }
        return out;
    }

    /** Decodes and pushes one record; an undecodable one is rejected, never thrown. */
    void process(ConsumerRecord<byte[], byte[]> record) {
        T value;
        try {
            value = decoder.decode(new KafkaCoordinates(record.topic(), record.partition(), record.offset()),
                    record.key(), record.value());
        } catch (Exception e) {
            value = null;
            rejected.reject(record, RejectedRecords.REASON_UNDECODABLE, String.valueOf(e.getMessage()));
        }
        if (value != null) {
            input.push(value);
        }
        position = record.offset() + 1;
        processed.increment();
    }

    @Override
    public void close() {
        task.close();
    }
}
