package io.tidemark.engine.api;

/** The event time of a record, in epoch milliseconds. */
@FunctionalInterface
public interface TimestampAssigner<T> {
    long timestamp(T value);
}
