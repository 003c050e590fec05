package io.tidemark.engine.state;

import io.tidemark.engine.serde.Serde;
import java.time.Duration;
import java.util.Objects;

/**
 * Declares a {@link ValueState}: its name (unique within the operator), serde, TTL, and optionally a
 * bound on how many of its keys the task caches on the heap.
 *
 * @param cacheEntries at most this many keys cached, below the task's {@link CacheOptions#maxEntries()};
 *     0 for the task's bound
 */
public record ValueStateDescriptor<T>(String name, Serde<T> serde, StateTtl ttl, int cacheEntries) {

    public ValueStateDescriptor {
        StateNames.check(name);
        Objects.requireNonNull(serde, "serde");
        Objects.requireNonNull(ttl, "ttl");
        if (cacheEntries < 0) {
            throw new IllegalArgumentException("cacheEntries must not be negative (0 = the task's bound): " + cacheEntries);
        }
    }

    public ValueStateDescriptor(String name, Serde<T> serde, StateTtl ttl) {
        this(name, serde, ttl, 0);
    }

    public static <T> ValueStateDescriptor<T> of(String name, Serde<T> serde) {
        return new ValueStateDescriptor<>(name, serde, StateTtl.NONE);
    }

    public ValueStateDescriptor<T> withTtl(Duration ttl) {
        return new ValueStateDescriptor<>(name, serde, StateTtl.ofEventTime(ttl), cacheEntries);
    }

    /**
     * Caches at most {@code entries} keys of this state (fewer if the task's bound is lower). For
     * states whose keys are rarely read again once written, such as dedup markers: a cache as large
     * as the task's keeps hundreds of thousands of them alive on the heap, where every young
     * collection copies them and they end as old-generation garbage, to save a store read on the
     * rare key that comes back after eviction.
     */
    public ValueStateDescriptor<T> withCacheEntries(int entries) {
        if (entries < 1) {
            throw new IllegalArgumentException("cache entries must be at least 1: " + entries);
        }
        return new ValueStateDescriptor<>(name, serde, ttl, entries);
    }
}
