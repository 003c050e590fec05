package io.tidemark.engine.lake;

import io.tidemark.engine.api.TaskInfo;
import io.tidemark.engine.checkpoint.TransactionalSink;
import io.tidemark.engine.checkpoint.TransactionalSinkFactory;
import io.tidemark.engine.io.Sink;
import io.tidemark.lake.LakeLayout;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.schema.Dataset;
import io.tidemark.lake.write.CommitGuard;
import io.tidemark.lake.write.LakeCommitter;
import io.tidemark.lake.write.LakeWriter;
import io.tidemark.lake.write.LakeWriterConfig;
import io.tidemark.lake.write.PendingCommit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Writes a stream into a lake dataset with exactly-once visibility: one {@link LakeWriter} per
 * task, staged at each checkpoint's barrier and committed once the checkpoint is durable.
 *
 * <pre>{@code
 * stream.sink("raw", LakeSink.to(RawRow.DATASET, e -> toRawRow(e)).lake(lakeUri).build());
 * }</pre>
 *
 * A record that maps to {@code null} is skipped. Rows written before the runtime calls
 * {@link TransactionalSink#begin} are refused: the writer does not exist before recovery.
 */
public final class LakeSink<T, R> implements TransactionalSinkFactory<T> {

    private final Dataset<R> dataset;
    private final Function<T, R> toRow;
    private final Location lake;
    private final LakeWriterConfig config;
    private final Clock clock;
    private final LakeLayout layout;
    private final Map<TaskInfo, TaskSink> sinks = new ConcurrentHashMap<>();

    private LakeSink(Builder<T, R> b) {
        this.dataset = b.dataset;
        this.toRow = b.toRow;
        this.lake = b.lake;
        this.config = b.config;
        this.clock = b.clock;
        this.layout = new LakeLayout(b.lake, b.dataset.name());
    }

    public static <T, R> Builder<T, R> to(Dataset<R> dataset, Function<T, R> toRow) {
        return new Builder<>(dataset, toRow);
    }

    @Override
    public Sink<T> create(TaskInfo task) {
        TaskSink sink = new TaskSink(task);
        sinks.put(task, sink);
        return sink;
    }

    @Override
    public TransactionalSink transactional(TaskInfo task) {
        TaskSink sink = sinks.get(task);
        if (sink == null) {
            throw new IllegalStateException("no lake sink of " + dataset.name() + " was created for task " + task.id());
        }
        return sink;
    }

    private final class TaskSink implements Sink<T>, TransactionalSink {
        private final TaskInfo task;
        private LakeWriter<R> writer;

        TaskSink(TaskInfo task) {
            this.task = task;
        }

        @Override
        public String stateName() {
            return "lake:" + dataset.name();
        }

        @Override
        public void begin(Optional<String> restoredState, CommitGuard guard) throws IOException {
            LakeWriter.Builder<R> b = LakeWriter.forDataset(dataset).lake(lake).task(task.index()).config(config)
                    .clock(clock);
            writer = restoredState.isPresent() ? b.recover(PendingCommit.fromJson(restoredState.get()), guard)
                    : b.start(guard);
        }

        @Override
        public void write(T value, long timestamp) {
            if (writer == null) {
                throw new IllegalStateException("lake sink of " + dataset.name() + " written before begin()");
            }
            R row = toRow.apply(value);
            if (row == null) {
                return;
            }
            try {
                writer.write(row);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a row of " + dataset.name() + " in task " + task.id(), e);
            }
        }

        @Override
        public String preCommit(long checkpointId, boolean drain) throws IOException {
            return writer.preCommit(checkpointId, drain).toJson();
        }

        /**
         * On the checkpoint thread: a {@link LakeCommitter} is stateless, so it runs beside the
         * writer's {@link #write}s; the writer itself is confined to the task's thread.
         */
        @Override
        public void commit(String state, CommitGuard guard) throws IOException {
            new LakeCommitter(layout).commit(PendingCommit.fromJson(state), guard);
        }

        /** The writer forgets the merges {@code state} listed: {@link #commit} made them all. */
        @Override
        public void committed(String state) {
            writer.committedElsewhere(PendingCommit.fromJson(state));
        }

        @Override
        public void close() {
            sinks.remove(task, this);
            if (writer != null) {
                writer.close();
            }
        }
    }

    /** Names the lake and the writer's settings. */
    public static final class Builder<T, R> {
        private final Dataset<R> dataset;
        private final Function<T, R> toRow;
        private Location lake;
        private LakeWriterConfig config = LakeWriterConfig.DEFAULTS;
        private Clock clock = Clock.systemUTC();

        private Builder(Dataset<R> dataset, Function<T, R> toRow) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
            this.toRow = Objects.requireNonNull(toRow, "toRow");
        }

        /** The lake root: a plain directory or a Hadoop URI. */
        public Builder<T, R> lake(String pathOrUri) {
            this.lake = FileSystems.shared().resolve(Objects.requireNonNull(pathOrUri, "pathOrUri"));
            return this;
        }

        public Builder<T, R> config(LakeWriterConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        public Builder<T, R> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public LakeSink<T, R> build() {
            if (lake == null) {
                throw new IllegalStateException("lake is required");
            }
            return new LakeSink<>(this);
        }
    }
}
