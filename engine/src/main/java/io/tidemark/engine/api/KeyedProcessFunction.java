package io.tidemark.engine.api;

import io.tidemark.engine.time.TimeDomain;
import io.tidemark.engine.time.TimerService;

/**
 * A function of keyed records with state and timers. One instance per task (the pipeline takes a
 * supplier), called by the task's thread only; state handles obtained in {@link #open} are bound
 * to the key of the record or timer being processed.
 */
@FunctionalInterface
public interface KeyedProcessFunction<K, IN, OUT> {

    default void open(RuntimeContext runtime) {
    }

    void processElement(IN value, Context<K, OUT> ctx);

    /** A timer of the current key fired ({@link Context#timeDomain()} says which clock). */
    default void onTimer(long timestamp, Context<K, OUT> ctx) {
    }

    /** The current record or timer: its key, time, timers and outputs. Valid only during the call. */
    interface Context<K, OUT> {

        K key();

        /** The record's event time, or the timer's timestamp. */
        long timestamp();

        /** {@code null} while processing a record. */
        TimeDomain timeDomain();

        TimerService timerService();

        /** Emits with the current timestamp. */
        void collect(OUT value);

        void collect(OUT value, long timestamp);

        <X> void output(OutputTag<X> tag, X value);
    }
}
