package io.tidemark.engine.api.internals;

import io.tidemark.engine.api.FlatMapFunction;
import io.tidemark.engine.api.KeySelector;
import io.tidemark.engine.api.KeyedProcessFunction;
import io.tidemark.engine.api.OutputTag;
import io.tidemark.engine.api.TimestampAssigner;
import io.tidemark.engine.io.SinkFactory;
import io.tidemark.engine.io.Source;
import io.tidemark.engine.serde.Serde;
import io.tidemark.engine.window.AggregateFunction;
import io.tidemark.engine.window.LateEvent;
import io.tidemark.engine.window.WindowAssigner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One operator of the pipeline graph as declared; a task instantiates the graph into chained
 * operators. The graph is a forest rooted at the sources (no shuffles, no joins of streams yet).
 */
public final class Node {

    public sealed interface Spec {
    }

    public record SourceSpec<T>(Source<T> source, TimestampAssigner<T> timestamps) implements Spec {
    }

    public record MapSpec<T, R>(Function<T, R> fn) implements Spec {
    }

    public record FilterSpec<T>(Predicate<T> fn) implements Spec {
    }

    public record FlatMapSpec<T, R>(FlatMapFunction<T, R> fn) implements Spec {
    }

    public record ProcessSpec<K, T, R>(KeySelector<T, K> keys, Serde<K> keySerde,
                                       Supplier<? extends KeyedProcessFunction<K, T, R>> function) implements Spec {
    }

    public record WindowSpec<K, T, A, R>(KeySelector<T, K> keys, Serde<K> keySerde, WindowAssigner assigner,
                                         long allowedLatenessMillis, AggregateFunction<T, A, R> aggregate,
                                         Serde<A> accumulatorSerde, OutputTag<LateEvent<T>> lateTag)
            implements Spec {
    }

    public record SideOutputSpec<T>(OutputTag<T> tag) implements Spec {
    }

    public record SinkSpec<T>(SinkFactory<T> factory) implements Spec {
    }

    private final int id;
    private final String name;
    private final Node parent;
    private final Spec spec;
    private final List<Node> children = new ArrayList<>();

    Node(int id, String name, Node parent, Spec spec) {
        this.id = id;
        this.name = name;
        this.parent = parent;
        this.spec = spec;
        if (parent != null) {
            parent.children.add(this);
        }
    }

    public int id() {
        return id;
    }

    /** Unique in the pipeline; names the operator's state columns for stateful operators. */
    public String name() {
        return name;
    }

    public Node parent() {
        return parent;
    }

    public Spec spec() {
        return spec;
    }

    public List<Node> children() {
        return Collections.unmodifiableList(children);
    }
}
