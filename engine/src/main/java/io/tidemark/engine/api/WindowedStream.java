package io.tidemark.engine.api;

import io.tidemark.engine.api.internals.Graph;
import io.tidemark.engine.api.internals.Node;
import io.tidemark.engine.serde.Serde;
import io.tidemark.engine.window.AggregateFunction;
import io.tidemark.engine.window.LateEvent;
import io.tidemark.engine.window.WindowAssigner;
import io.tidemark.engine.window.WindowResult;
import java.time.Duration;
import java.util.Objects;

/**
 * Windows of a keyed stream, before their aggregation. A window fires once when the watermark
 * passes its end; a late record within {@link #allowedLateness} updates it and re-emits it (next
 * version); records later than that go to {@link #lateDataTo} (or are counted and dropped).
 */
public final class WindowedStream<K, T> {

    private final Graph graph;
    private final Node parent;
    private final KeySelector<T, K> keys;
    private final Serde<K> keySerde;
    private final WindowAssigner assigner;
    private long allowedLatenessMillis;
    private OutputTag<LateEvent<T>> lateTag;

    WindowedStream(Graph graph, Node parent, KeySelector<T, K> keys, Serde<K> keySerde, WindowAssigner assigner) {
        this.graph = graph;
        this.parent = parent;
        this.keys = keys;
        this.keySerde = keySerde;
        this.assigner = assigner;
    }

    public WindowedStream<K, T> allowedLateness(Duration lateness) {
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must not be negative: " + lateness);
        }
        this.allowedLatenessMillis = lateness.toMillis();
        return this;
    }

    public WindowedStream<K, T> lateDataTo(OutputTag<LateEvent<T>> tag) {
        this.lateTag = Objects.requireNonNull(tag, "tag");
        return this;
    }

    /**
     * Aggregates each window incrementally. {@code name} names the window state on disk; the
     * accumulator serde is used only when state leaves the cache or is snapshotted.
     */
    public <A, R> DataStream<WindowResult<K, R>> aggregate(String name, AggregateFunction<T, A, R> aggregate,
                                                          Serde<A> accumulatorSerde) {
        Objects.requireNonNull(name, "name");
        Node.WindowSpec<K, T, A, R> spec = new Node.WindowSpec<>(keys, keySerde, assigner, allowedLatenessMillis,
                Objects.requireNonNull(aggregate, "aggregate"), Objects.requireNonNull(accumulatorSerde, "accumulatorSerde"),
                lateTag);
        return new DataStream<>(graph, graph.add(name, parent, spec));
    }
}
