package io.tidemark.engine.task.internals;

/** The input of the next operator in a chain: records pass as objects with their timestamps. */
@FunctionalInterface
public interface Output<T> {

    void emit(T value, long timestamp);

    static <T> Output<T> discard() {
        return (v, ts) -> { };
    }
}
