package io.tidemark.engine.api;

import io.tidemark.engine.api.internals.Graph;
import io.tidemark.engine.api.internals.Node;
import io.tidemark.engine.serde.Serde;
import io.tidemark.engine.window.WindowAssigner;
import java.util.Objects;
import java.util.function.Supplier;

/** A stream with a key; stateful operators hang off it. */
public final class KeyedStream<K, T> {

    private final Graph graph;
    private final Node parent;
    private final KeySelector<T, K> keys;
    private final Serde<K> keySerde;

    KeyedStream(Graph graph, Node parent, KeySelector<T, K> keys, Serde<K> keySerde) {
        this.graph = graph;
        this.parent = parent;
        this.keys = keys;
        this.keySerde = keySerde;
    }

    /**
     * A keyed process function. {@code name} is mandatory because it names the function's state on
     * disk: renaming it orphans the state of earlier snapshots.
     */
    public <R> DataStream<R> process(String name, Supplier<? extends KeyedProcessFunction<K, T, R>> function) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        return new DataStream<>(graph, graph.add(name, parent, new Node.ProcessSpec<>(keys, keySerde, function)));
    }

    public WindowedStream<K, T> window(WindowAssigner assigner) {
        return new WindowedStream<>(graph, parent, keys, keySerde, Objects.requireNonNull(assigner, "assigner"));
    }
}
