package io.tidemark.engine.api;

/** Zero or more outputs per input. Stateless and shared by all tasks, like map and filter functions. */
@FunctionalInterface
public interface FlatMapFunction<T, R> {
    void flatMap(T value, Collector<R> out);
}
