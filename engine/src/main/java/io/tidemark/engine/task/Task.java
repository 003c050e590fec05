package io.tidemark.engine.task;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tidemark.engine.api.TaskInfo;
import io.tidemark.engine.io.Sink;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.snapshot.Snapshot;
import io.tidemark.engine.snapshot.SnapshotFile;
import io.tidemark.engine.snapshot.SnapshotManifest;
import io.tidemark.engine.state.KvBatch;
import io.tidemark.engine.state.KvStore;
import io.tidemark.engine.state.StateBackend;
import io.tidemark.engine.state.internals.StateTable;
import io.tidemark.engine.task.internals.ChainBuilder;
import io.tidemark.engine.task.internals.KeyedOperator;
import io.tidemark.engine.time.Clock;
import io.tidemark.engine.time.Watermarks;
import io.tidemark.engine.time.internals.WatermarkTracker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One task: the pipeline's chained operators for one input partition, with its own state store,
 * timers and watermark. Single-threaded: every method must be called from the thread that owns the
 * task. Between two calls the task is at a record boundary, so {@link #snapshot} may be called at
 * any time between records.
 *
 * <p>The runtime's loop: {@link #input(String)} once per source, then for each polled record
 * {@code input.push(value)}; {@link #advanceProcessingTime()} now and then; {@link #snapshot} at a
 * barrier; {@link #endOfInput()} in bounded mode.
 */
public final class Task implements AutoCloseable {

    static final String META_COLUMN = "_meta";
    private static final byte[] WATERMARK_KEY = "watermark".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MAX_EVENT_TIME_KEY = "max-event-time".getBytes(StandardCharsets.UTF_8);

    private final TaskInfo info;
    private final StateBackend backend;
    private final KvStore store;
    private final Clock clock;
    private final WatermarkTracker watermark;
    private final ChainBuilder.Chain chain;
    private final KeyedOperator<?, ?>[] keyed;
    private final MeterRegistry metrics;
    private final List<Meter> meters = new ArrayList<>();

    Task(TaskInfo info, StateBackend backend, KvStore store, Clock clock, WatermarkTracker watermark,
         ChainBuilder.Chain chain, MeterRegistry metrics) {
        this.info = info;
        this.backend = backend;
        this.store = store;
        this.clock = clock;
        this.watermark = watermark;
        this.chain = chain;
        this.keyed = chain.keyed().toArray(new KeyedOperator<?, ?>[0]);
        this.metrics = metrics;
    }

    public static TaskBuilder builder(io.tidemark.engine.api.Pipeline pipeline) {
        return new TaskBuilder(pipeline);
    }

    /** A typed handle on a source of the pipeline; pushing through it skips the name lookup. */
    public <T> Input<T> input(String sourceName) {
        @SuppressWarnings("unchecked")
        ChainBuilder.SourceEntry<T> e = (ChainBuilder.SourceEntry<T>) chain.sources().get(sourceName);
        if (e == null) {
            throw new IllegalArgumentException("no source named '" + sourceName + "'; sources: "
                    + chain.sources().keySet());
        }
        return new Input<>(this, e);
    }

    /** Records go in here. */
    public static final class Input<T> {
        private final Task task;
        private final ChainBuilder.SourceEntry<T> entry;

        Input(Task task, ChainBuilder.SourceEntry<T> entry) {
            this.task = task;
            this.entry = entry;
        }

        /** Pushes a record with the source's timestamp assigner. */
        public void push(T value) {
            push(value, entry.spec().timestamps().timestamp(value));
        }

        /**
         * Pushes a record with an explicit event time. The record is processed under the current
         * watermark; then the watermark advances and due event-time timers fire.
         */
        public void push(T value, long timestamp) {
            entry.output().emit(value, timestamp);
            long before = task.watermark.watermark();
            long after = task.watermark.observe(timestamp);
            if (after > before) {
                task.fireEventTimers(after);
            }
        }
    }

    /** Raises the watermark (never lowers it) and fires due event-time timers; returns the watermark. */
    public long advanceWatermarkTo(long w) {
        long before = watermark.watermark();
        long after = watermark.advanceTo(w);
        if (after > before) {
            fireEventTimers(after);
        }
        return after;
    }

    /** Fires processing-time timers due at the clock's current time. */
    public void advanceProcessingTime() {
        long now = clock.millis();
        for (KeyedOperator<?, ?> op : keyed) {
            op.fireProcessingTimers(now);
        }
    }

    /** Bounded mode: the watermark jumps to the end of time, so every window and event-time timer fires. */
    public void endOfInput() {
        advanceWatermarkTo(Watermarks.END_OF_TIME);
    }

    /** Drains every source's iterator (round robin, one record each), then {@link #endOfInput()}. */
    public void runBounded() {
        List<Input<Object>> inputs = new ArrayList<>();
        List<Iterator<Object>> iterators = new ArrayList<>();
        for (String name : chain.sources().keySet()) {
            Input<Object> in = input(name);
            inputs.add(in);
            Iterator<Object> it = in.entry.spec().source().open(info);
            iterators.add(it);
        }
        boolean any = true;
        while (any) {
            any = false;
            for (int i = 0; i < inputs.size(); i++) {
                if (iterators.get(i).hasNext()) {
                    inputs.get(i).push(iterators.get(i).next());
                    any = true;
                }
            }
        }
        endOfInput();
    }

    /**
     * Captures the task's state at this record boundary into {@code directory} (must not exist):
     * sinks pre-commit, the write-back caches and timers are written in one batch, then the store
     * checkpoints. The returned snapshot lists the files; immutable ones can be uploaded once.
     */
    public Snapshot snapshot(long id, Path directory) {
        for (Sink<?> sink : chain.sinks().values()) {
            sink.prepareSnapshot(id);
        }
        KvStore.Column meta = store.column(META_COLUMN);
        try (KvBatch batch = store.newBatch()) {
            for (KeyedOperator<?, ?> op : keyed) {
                op.snapshotInto(batch);
            }
            batch.put(meta, WATERMARK_KEY, Serdes.LONG.serialize(watermark.watermark()));
            batch.put(meta, MAX_EVENT_TIME_KEY, Serdes.LONG.serialize(watermark.maxEventTime()));
            batch.commit();
        }
        List<SnapshotFile> files = store.checkpoint(directory);
        Snapshot s = new Snapshot(id, directory, backend.kind(), watermark.watermark(), watermark.maxEventTime(), files);
        SnapshotManifest.write(s);
        return s;
    }

    /** Forwards the runtime's news that snapshot {@code id} is complete everywhere to the sinks. */
    public void notifySnapshotComplete(long id) {
        for (Sink<?> sink : chain.sinks().values()) {
            sink.snapshotComplete(id);
        }
    }

    /** Reads the watermark written by {@link #snapshot} into a restored store. */
    void restoreMeta() {
        KvStore.Column meta = store.column(META_COLUMN);
        byte[] w = store.get(meta, WATERMARK_KEY);
        byte[] m = store.get(meta, MAX_EVENT_TIME_KEY);
        if (w != null && m != null) {
            long restored = Serdes.LONG.deserialize(w);
            long max = Serdes.LONG.deserialize(m);
            if (restored == Watermarks.END_OF_TIME && max != Long.MIN_VALUE) {
                // A drained snapshot (end of bounded input) fired every window already; a job resumed
                // from it (a savepoint) reads new input, whose time goes on from the last event seen.
                restored = Watermarks.fromMaxEventTime(max, watermark.outOfOrdernessMillis());
            }
            watermark.restore(restored, max);
        }
        for (KeyedOperator<?, ?> op : keyed) {
            op.restoreTimers();
        }
    }

    public long watermark() {
        return watermark.watermark();
    }

    public long maxEventTime() {
        return watermark.maxEventTime();
    }

    public int pendingTimers() {
        int n = 0;
        for (KeyedOperator<?, ?> op : keyed) {
            n += op.pendingTimers();
        }
        return n;
    }

    public TaskInfo info() {
        return info;
    }

    /** Opens the operators (which declare their states), then registers metrics, states included. */
    void openOperators() {
        for (KeyedOperator<?, ?> op : keyed) {
            op.open();
        }
        registerMetrics();
    }

    private void fireEventTimers(long w) {
        for (KeyedOperator<?, ?> op : keyed) {
            op.fireEventTimers(w);
        }
    }

    private void registerMetrics() {
        Tags tags = Tags.of("task", info.id());
        meters.add(Gauge.builder("tidemark.engine.watermark", watermark, WatermarkTracker::watermark)
                .description("Event time the task has reached (epoch ms)").tags(tags).register(metrics));
        meters.add(Gauge.builder("tidemark.engine.watermark.lag", this,
                        t -> lag(t.clock.millis(), t.watermark.watermark()))
                .description("Processing time minus watermark (ms)").baseUnit("milliseconds").tags(tags)
                .register(metrics));
        meters.add(Gauge.builder("tidemark.engine.event.time.lag", this,
                        t -> lag(t.clock.millis(), t.watermark.maxEventTime()))
                .description("Processing time minus the newest event time seen (ms)").baseUnit("milliseconds")
                .tags(tags).register(metrics));
        meters.add(Gauge.builder("tidemark.engine.timers", this, Task::pendingTimers)
                .description("Registered timers").tags(tags).register(metrics));
        for (KeyedOperator<?, ?> op : keyed) {
            for (StateTable<?, ?> t : op.stateStore().tables()) {
                Tags st = tags.and("state", t.columnName());
                meters.add(FunctionCounter.builder("tidemark.engine.state.cache.hits", t, StateTable::hits)
                        .tags(st).register(metrics));
                meters.add(FunctionCounter.builder("tidemark.engine.state.cache.misses", t, StateTable::misses)
                        .tags(st).register(metrics));
            }
        }
    }

    private static double lag(long now, long t) {
        return t == Long.MIN_VALUE || t == Long.MAX_VALUE ? Double.NaN : now - t;
    }

    @Override
    public void close() {
        for (Meter m : meters) {
            metrics.remove(m);
        }
        for (KeyedOperator<?, ?> op : keyed) {
            op.close();
        }
        for (Sink<?> sink : chain.sinks().values()) {
            sink.close();
        }
        store.close();
    }
}
