package io.tidemark.engine.api;

import io.tidemark.engine.api.internals.Graph;
import io.tidemark.engine.api.internals.Node;
import io.tidemark.engine.io.SinkFactory;
import io.tidemark.engine.serde.Serde;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/** A stream of records of type {@code T}, each with an event timestamp. */
public final class DataStream<T> {

    final Graph graph;
    final Node node;

    DataStream(Graph graph, Node node) {
        this.graph = graph;
        this.node = node;
    }

    public <R> DataStream<R> map(Function<T, R> fn) {
        return new DataStream<>(graph, graph.add(null, node, new Node.MapSpec<>(Objects.requireNonNull(fn, "fn"))));
    }

    public DataStream<T> filter(Predicate<T> fn) {
        return new DataStream<>(graph, graph.add(null, node, new Node.FilterSpec<>(Objects.requireNonNull(fn, "fn"))));
    }

    public <R> DataStream<R> flatMap(FlatMapFunction<T, R> fn) {
        return new DataStream<>(graph,
                graph.add(null, node, new Node.FlatMapSpec<>(Objects.requireNonNull(fn, "fn"))));
    }

    /** Keys the stream; the key must be the input's partition key (no shuffle happens). */
    public <K> KeyedStream<K, T> keyBy(KeySelector<T, K> keys, Serde<K> keySerde) {
        return new KeyedStream<>(graph, node, Objects.requireNonNull(keys, "keys"),
                Objects.requireNonNull(keySerde, "keySerde"));
    }

    /** The records this operator sent to {@code tag}. */
    public <X> DataStream<X> sideOutput(OutputTag<X> tag) {
        return new DataStream<>(graph,
                graph.add(null, node, new Node.SideOutputSpec<>(Objects.requireNonNull(tag, "tag"))));
    }

    /** Ends the stream in a sink; {@code name} identifies it (the test driver reads outputs by it). */
    public void sink(String name, SinkFactory<T> sink) {
        graph.add(Objects.requireNonNull(name, "name"), node, new Node.SinkSpec<>(Objects.requireNonNull(sink, "sink")));
    }

    /** The name of the operator producing this stream. */
    public String operatorName() {
        return node.name();
    }
}
