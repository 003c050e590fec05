package io.tidemark.engine.api;

/**
 * Extracts the key of a record. Must agree with the input's partition key: keys never cross tasks,
 * so {@code keyBy} does not shuffle.
 */
@FunctionalInterface
public interface KeySelector<T, K> {
    K key(T value);
}
