package io.tidemark.engine.task.internals;

import io.tidemark.engine.api.OutputTag;
import io.tidemark.engine.api.internals.Node;
import io.tidemark.engine.io.Sink;
import io.tidemark.engine.window.internals.WindowOperator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Instantiates a pipeline graph for one task: each node becomes an {@link Output} that calls its
 * children directly. Keyed operators are listed in graph order (parents first), the order in which
 * the task fires their timers.
 */
public final class ChainBuilder {

    /** What a task needs from its chain. */
    public record Chain(Map<String, SourceEntry<?>> sources, List<KeyedOperator<?, ?>> keyed,
                        Map<String, Sink<?>> sinks) {
    }

    public record SourceEntry<T>(Node.SourceSpec<T> spec, Output<T> output) {
    }

    private final OperatorServices services;
    private final List<KeyedOperator<?, ?>> keyed = new ArrayList<>();
    private final Map<String, Sink<?>> sinks = new LinkedHashMap<>();

    public ChainBuilder(OperatorServices services) {
        this.services = services;
    }

    public Chain build(List<Node> nodes) {
        Map<String, SourceEntry<?>> sources = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (n.spec() instanceof Node.SourceSpec<?> spec) {
                sources.put(n.name(), source(spec, n));
            }
        }
        keyed.sort((a, b) -> Integer.compare(order(nodes, a.name()), order(nodes, b.name())));
        return new Chain(sources, List.copyOf(keyed), sinks);
    }

    private static int order(List<Node> nodes, String name) {
        for (Node n : nodes) {
            if (n.name().equals(name)) {
                return n.id();
            }
        }
        return Integer.MAX_VALUE;
    }

    private <T> SourceEntry<T> source(Node.SourceSpec<T> spec, Node n) {
        return new SourceEntry<>(spec, mainOutput(n));
    }

    /** The output feeding every non-side-output child of {@code n}. */
    @SuppressWarnings("unchecked")
    private <T> Output<T> mainOutput(Node n) {
        List<Output<T>> outs = new ArrayList<>();
        for (Node child : n.children()) {
            if (!(child.spec() instanceof Node.SideOutputSpec<?>)) {
                outs.add((Output<T>) operator(child));
            }
        }
        return fanOut(outs);
    }

    private Map<OutputTag<?>, Output<Object>> sideOutputs(Node n) {
        Map<OutputTag<?>, List<Output<Object>>> byTag = new HashMap<>();
        for (Node child : n.children()) {
            if (child.spec() instanceof Node.SideOutputSpec<?> side) {
                byTag.computeIfAbsent(side.tag(), t -> new ArrayList<>()).add(mainOutput(child));
            }
        }
        Map<OutputTag<?>, Output<Object>> out = new HashMap<>();
        byTag.forEach((tag, list) -> out.put(tag, fanOut(list)));
        return out;
    }

    private static <T> Output<T> fanOut(List<Output<T>> outs) {
        if (outs.isEmpty()) {
            return Output.discard();
        }
        if (outs.size() == 1) {
            return outs.get(0);
        }
        @SuppressWarnings("unchecked")
        Output<T>[] arr = (Output<T>[]) outs.toArray(new Output<?>[0]);
        return (v, ts) -> {
            for (Output<T> o : arr) {
                o.emit(v, ts);
            }
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Output<?> operator(Node n) {
        Node.Spec spec = n.spec();
        if (spec instanceof Node.MapSpec<?, ?> m) {
            Function<Object, Object> fn = (Function<Object, Object>) m.fn();
            Output<Object> next = mainOutput(n);
            return (v, ts) -> next.emit(fn.apply(v), ts);
        }
        if (spec instanceof Node.FilterSpec<?> f) {
            Predicate<Object> fn = (Predicate<Object>) f.fn();
            Output<Object> next = mainOutput(n);
            return (v, ts) -> {
                if (fn.test(v)) {
                    next.emit(v, ts);
                }
            };
        }
        if (spec instanceof Node.FlatMapSpec<?, ?> fm) {
            Output<Object> next = mainOutput(n);
            FlatMapRunner runner = new FlatMapRunner(fm.fn(), next);
            return runner::emit;
        }
        if (spec instanceof Node.SinkSpec<?> s) {
            Sink<Object> sink = (Sink<Object>) s.factory().create(services.task());
            sinks.put(n.name(), sink);
            Taps taps = services.taps();
            String name = n.name();
            return (v, ts) -> {
                taps.sink(name, v, ts);
                sink.write(v, ts);
            };
        }
        if (spec instanceof Node.ProcessSpec p) {
            Emitter emitter = new Emitter(mainOutput(n), sideOutputs(n), services.taps());
            ProcessOperator op = new ProcessOperator(n.name(), p.keys(), p.keySerde(), services,
                    (io.tidemark.engine.api.KeyedProcessFunction) p.function().get(), emitter);
            keyed.add(op);
            return op;
        }
        if (spec instanceof Node.WindowSpec w) {
            Emitter emitter = new Emitter(mainOutput(n), sideOutputs(n), services.taps());
            WindowOperator op = new WindowOperator(n.name(), w.keys(), w.keySerde(), services, w.assigner(),
                    w.allowedLatenessMillis(), w.aggregate(), w.accumulatorSerde(), w.lateTag(), emitter);
            keyed.add(op);
            return op;
        }
        throw new IllegalStateException("unexpected operator " + n.name() + ": " + spec);
    }

    /** Holds the collector of a flatMap so that it is not allocated per record. */
    private static final class FlatMapRunner {
        private final io.tidemark.engine.api.FlatMapFunction<Object, Object> fn;
        private final Output<Object> next;
        private long timestamp;
        private final io.tidemark.engine.api.Collector<Object> collector;

        @SuppressWarnings("unchecked")
        FlatMapRunner(io.tidemark.engine.api.FlatMapFunction<?, ?> fn, Output<Object> next) {
            this.fn = (io.tidemark.engine.api.FlatMapFunction<Object, Object>) fn;
            this.next = next;
            this.collector = v -> this.next.emit(v, timestamp);
        }

        void emit(Object v, long ts) {
            timestamp = ts;
            fn.flatMap(v, collector);
        }
    }
}
