package io.tidemark.engine.window;

/**
 * An incremental aggregation: the window keeps only the accumulator. {@link #merge} must be
 * associative and commutative (session windows merge accumulators in any order). Accumulators may
 * be mutable: {@code add} and {@code merge} may modify and return their first argument.
 */
public interface AggregateFunction<IN, ACC, OUT> {

    ACC createAccumulator();

    ACC add(IN value, ACC accumulator);

    ACC merge(ACC a, ACC b);

    OUT result(ACC accumulator);
}
