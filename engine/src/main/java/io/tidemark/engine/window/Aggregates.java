package io.tidemark.engine.window;

import java.util.function.ToLongFunction;

/** Common aggregate functions. */
public final class Aggregates {

    private Aggregates() {
    }

    /** Counts records; the accumulator is a {@code Long} (serde {@code Serdes.LONG}). */
    public static <T> AggregateFunction<T, Long, Long> count() {
        return new AggregateFunction<>() {
            @Override
            public Long createAccumulator() {
                return 0L;
            }

            @Override
            public Long add(T value, Long acc) {
                return acc + 1;
            }

            @Override
            public Long merge(Long a, Long b) {
                return a + b;
            }

            @Override
            public Long result(Long acc) {
                return acc;
            }
        };
    }

    /** Sums a long field; the accumulator is a {@code Long}. */
    public static <T> AggregateFunction<T, Long, Long> sum(ToLongFunction<T> field) {
        return new AggregateFunction<>() {
            @Override
            public Long createAccumulator() {
                return 0L;
            }

            @Override
            public Long add(T value, Long acc) {
                return acc + field.applyAsLong(value);
            }

            @Override
            public Long merge(Long a, Long b) {
                return a + b;
            }

            @Override
            public Long result(Long acc) {
                return acc;
            }
        };
    }
}
