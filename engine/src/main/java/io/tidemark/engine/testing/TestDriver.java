package io.tidemark.engine.testing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidemark.engine.api.OutputTag;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.config.EngineConfig;
import io.tidemark.engine.snapshot.Snapshot;
import io.tidemark.engine.state.StateBackend;
import io.tidemark.engine.task.Task;
import io.tidemark.engine.task.TaskBuilder;
import io.tidemark.engine.task.internals.Taps;
import io.tidemark.engine.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a pipeline as one task with no broker and a {@link ManualClock}: push records with
 * timestamps, move the watermark and processing time, snapshot and restore mid-stream, and read
 * what reached each sink and side output. Like Kafka Streams' TopologyTestDriver, but for tasks.
 *
 * <pre>{@code
 * try (TestDriver d = TestDriver.builder(pipeline, tempDir).build()) {
 *     d.push("events", event, 1_000);
 *     d.advanceWatermarkTo(60_000);
 *     assertThat(d.<WindowResult<String, Long>>output("out")).hasSize(1);
 *     Snapshot s = d.snapshot();
 *     try (TestDriver restored = d.restore(s)) { ... }
 * }
 * }</pre>
 */
public final class TestDriver implements AutoCloseable {

    private final Pipeline pipeline;
    private final Path baseDir;
    private final EngineConfig config;
    private final StateBackend backend;
    private final ManualClock clock;
    private final MeterRegistry metrics = new SimpleMeterRegistry();
    private final Map<String, List<TimestampedValue<Object>>> sinks = new HashMap<>();
    private final Map<OutputTag<?>, List<TimestampedValue<Object>>> sides = new HashMap<>();
    private final Map<String, Task.Input<Object>> inputs = new HashMap<>();
    private final Task task;
    private final Builder builder;
    private final int generation;
    private long nextSnapshotId;

    private TestDriver(Builder b, Path restoreFrom, int generation, long nextSnapshotId) {
        this.pipeline = b.pipeline;
        this.baseDir = b.baseDir;
        this.config = b.config;
        this.backend = b.backend != null ? b.backend : b.config.stateBackend();
        this.clock = b.clock;
        this.generation = generation;
        this.nextSnapshotId = nextSnapshotId;
        TaskBuilder tb = Task.builder(pipeline).config(config).backend(backend).clock(clock).metrics(metrics)
                .workDir(baseDir.resolve("task-" + generation)).taps(new Taps() {
                    @Override
                    public void sink(String name, Object value, long timestamp) {
                        sinks.computeIfAbsent(name, n -> new ArrayList<>()).add(new TimestampedValue<>(value, timestamp));
                    }

                    @Override
                    public void sideOutput(OutputTag<?> tag, Object value, long timestamp) {
                        sides.computeIfAbsent(tag, t -> new ArrayList<>()).add(new TimestampedValue<>(value, timestamp));
                    }
                });
        if (restoreFrom != null) {
            tb.restoreFrom(restoreFrom);
        }
        this.task = tb.build();
        this.builder = b;
    }

    public static Builder builder(Pipeline pipeline, Path baseDir) {
        return new Builder(pipeline, baseDir);
    }

    /** Pushes a record with an explicit event time into the named source. */
    public <T> void push(String source, T value, long timestamp) {
        inputs.computeIfAbsent(source, task::input).push(value, timestamp);
    }

    /** Pushes a record timestamped by the source's assigner. */
    public <T> void push(String source, T value) {
        inputs.computeIfAbsent(source, task::input).push(value);
    }

    public long advanceWatermarkTo(long watermark) {
        return task.advanceWatermarkTo(watermark);
    }

    public long watermark() {
        return task.watermark();
    }

    /** Moves the manual clock and fires the processing-time timers that became due. */
    public void advanceProcessingTime(Duration by) {
        clock.advance(by);
        task.advanceProcessingTime();
    }

    public void endOfInput() {
        task.endOfInput();
    }

    /** Snapshots the task into {@code <baseDir>/snapshots/<generation>-<id>}. */
    public Snapshot snapshot() {
        long id = nextSnapshotId++;
        return task.snapshot(id, baseDir.resolve("snapshots").resolve(generation + "-" + id));
    }

    /**
     * A new driver whose task is restored from {@code snapshot} (same pipeline, configuration,
     * backend and clock), with empty outputs. This driver stays usable.
     */
    public TestDriver restore(Snapshot snapshot) {
        return new TestDriver(builder, snapshot.directory(), builder.nextGeneration++, nextSnapshotId);
    }

    @SuppressWarnings("unchecked")
    public <T> List<T> output(String sinkName) {
        return (List<T>) sinks.getOrDefault(sinkName, List.of()).stream().map(TimestampedValue::value).toList();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> List<TimestampedValue<T>> outputWithTimestamps(String sinkName) {
        return (List) List.copyOf(sinks.getOrDefault(sinkName, List.of()));
    }

    @SuppressWarnings("unchecked")
    public <T> List<T> sideOutput(OutputTag<T> tag) {
        return (List<T>) sides.getOrDefault(tag, List.of()).stream().map(TimestampedValue::value).toList();
    }

    public void clearOutputs() {
        sinks.clear();
        sides.clear();
    }

    public ManualClock clock() {
        return clock;
    }

    public MeterRegistry metrics() {
        return metrics;
    }

    public Task task() {
        return task;
    }

    @Override
    public void close() {
        task.close();
    }

    /** Options of a driver; everything but pipeline and directory has a default. */
    public static final class Builder {
        private final Pipeline pipeline;
        private final Path baseDir;
        private EngineConfig config = EngineConfig.defaults();
        private StateBackend backend;
        private ManualClock clock = new ManualClock(0);
        private int nextGeneration;

        Builder(Pipeline pipeline, Path baseDir) {
            this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
            this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
        }

        public Builder config(EngineConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        public Builder backend(StateBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** Processing time starts here (default 0). */
        public Builder startTime(long millis) {
            this.clock = new ManualClock(millis);
            return this;
        }

        public TestDriver build() {
            return new TestDriver(this, null, nextGeneration++, 1);
        }
    }
}
