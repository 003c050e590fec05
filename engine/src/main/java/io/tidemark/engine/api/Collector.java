package io.tidemark.engine.api;

/** Receives the outputs of a function; outputs carry the timestamp of the input. */
@FunctionalInterface
public interface Collector<T> {
    void collect(T value);
}
