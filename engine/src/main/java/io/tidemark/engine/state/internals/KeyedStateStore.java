package io.tidemark.engine.state.internals;

import io.tidemark.engine.serde.Serde;
import io.tidemark.engine.state.CacheOptions;
import io.tidemark.engine.state.FlagStateDescriptor;
import io.tidemark.engine.state.KvBatch;
import io.tidemark.engine.state.KvStore;
import io.tidemark.engine.state.ListState;
import io.tidemark.engine.state.ListStateDescriptor;
import io.tidemark.engine.state.MapState;
import io.tidemark.engine.state.MapStateDescriptor;
import io.tidemark.engine.state.ValueState;
import io.tidemark.engine.state.ValueStateDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keyed states of one operator in one task: column {@code <operator>/<state>} each, created on
 * first declaration. Declaring the same name twice returns the same table.
 */
public final class KeyedStateStore<K> {

    private final KvStore store;
    private final String operator;
    private final Serde<K> keySerde;
    private final KeyContext<K> ctx;
    private final CacheOptions cache;
    private final Map<String, StateTable<K, ?>> tables = new LinkedHashMap<>();
    private final Map<String, FlagTable<K>> flagTables = new LinkedHashMap<>();

    public KeyedStateStore(KvStore store, String operator, Serde<K> keySerde, KeyContext<K> ctx, CacheOptions cache) {
        this.store = store;
        this.operator = operator;
        this.keySerde = keySerde;
        this.ctx = ctx;
        this.cache = cache;
    }

    public <T> ValueState<T> value(ValueStateDescriptor<T> d) {
        CacheOptions limits = d.cacheEntries() == 0 || d.cacheEntries() >= cache.maxEntries() ? cache
                : new CacheOptions(d.cacheEntries(), cache.maxBytes());
        return new ValueStateImpl<>(table(d.name(), d.serde(), d.ttl().enabled(), limits), ctx, d.ttl());
    }

    /** A flag per key held in compact arrays (see {@link FlagStateDescriptor}). */
    public ValueState<Boolean> flag(FlagStateDescriptor d) {
        if (tables.containsKey(d.name())) {
            throw new IllegalArgumentException("state " + d.name() + " is already declared as another kind of state");
        }
        FlagTable<K> t = flagTables.computeIfAbsent(d.name(), n -> new FlagTable<>(store, operator + "/" + n, keySerde,
                d.ttl().enabled(), cache.maxBytes()));
        return new FlagStateImpl<>(t, ctx, d.ttl());
    }

    public <T> ListState<T> list(ListStateDescriptor<T> d) {
        StateTable<K, ArrayList<T>> t = table(d.name(), CollectionSerdes.list(d.elementSerde()), d.ttl().enabled());
        return new ListStateImpl<>(t, ctx, d.ttl());
    }

    public <UK, UV> MapState<UK, UV> map(MapStateDescriptor<UK, UV> d) {
        StateTable<K, HashMap<UK, UV>> t =
                table(d.name(), CollectionSerdes.map(d.keySerde(), d.valueSerde()), d.ttl().enabled());
        return new MapStateImpl<>(t, ctx, d.ttl());
    }

    /** A raw table for engine operators (windows) that manage their own values. */
    public <V> StateTable<K, V> table(String name, Serde<V> serde, boolean ttl) {
        return table(name, serde, ttl, cache);
    }

    @SuppressWarnings("unchecked")
    private <V> StateTable<K, V> table(String name, Serde<V> serde, boolean ttl, CacheOptions limits) {
        if (flagTables.containsKey(name)) {
            throw new IllegalArgumentException("state " + name + " is already declared as a flag state");
        }
        return (StateTable<K, V>) tables.computeIfAbsent(name,
                n -> new StateTable<>(store, operator + "/" + n, keySerde, serde, ttl, limits));
    }

    public void flush(KvBatch batch, long now) {
        for (StateTable<K, ?> t : tables.values()) {
            t.flush(batch, now);
        }
        for (FlagTable<K> t : flagTables.values()) {
            t.flush(batch, now);
        }
    }

    public List<StateTable<K, ?>> tables() {
        return List.copyOf(tables.values());
    }

    public KeyContext<K> keyContext() {
        return ctx;
    }
}
