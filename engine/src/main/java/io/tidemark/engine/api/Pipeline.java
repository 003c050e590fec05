package io.tidemark.engine.api;

import io.tidemark.engine.api.internals.Graph;
import io.tidemark.engine.api.internals.Node;
import io.tidemark.engine.io.Source;
import java.util.Objects;

/**
 * A dataflow declared once and run by every task: sources, stateless transformations, keyed
 * functions and windows, sinks. Operators of a task are chained: a record travels through them as
 * an object, never serialized.
 *
 * <pre>{@code
 * Pipeline p = new Pipeline("sessions");
 * p.source("events", Sources.fromIterable(events), Event::timestamp)
 *  .keyBy(Event::deviceId, Serdes.STRING)
 *  .window(SessionWindows.withGap(Duration.ofMinutes(30)))
 *  .allowedLateness(Duration.ofMinutes(5))
 *  .lateDataTo(LATE)
 *  .aggregate("session-counts", new CountAggregate<>(), Serdes.LONG)
 *  .sink("out", sink);
 * }</pre>
 */
public final class Pipeline {

    private final String name;
    private final Graph graph = new Graph();

    public Pipeline(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public <T> DataStream<T> source(String name, Source<T> source, TimestampAssigner<T> timestamps) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(timestamps, "timestamps");
        return new DataStream<>(graph, graph.add(name, null, new Node.SourceSpec<>(source, timestamps)));
    }

    public String name() {
        return name;
    }

    /** The declared graph, for the task builder. */
    public Graph graph() {
        return graph;
    }
}
