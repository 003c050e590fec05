package io.tidemark.engine.state.internals;

import io.tidemark.engine.state.MapState;
import io.tidemark.engine.state.StateTtl;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** Keeps a {@link HashMap} per key in the cache; see {@link MapState} for the storage trade-off. */
final class MapStateImpl<K, UK, UV> implements MapState<UK, UV> {

    private final StateTable<K, HashMap<UK, UV>> table;
    private final KeyContext<K> ctx;
    private final StateTtl ttl;

    MapStateImpl(StateTable<K, HashMap<UK, UV>> table, KeyContext<K> ctx, StateTtl ttl) {
        this.table = table;
        this.ctx = ctx;
        this.ttl = ttl;
    }

    @Override
    public UV get(UK key) {
        HashMap<UK, UV> map = table.get(ctx.key(), ctx.ttlNow());
        return map == null ? null : map.get(key);
    }

    @Override
    public void put(UK key, UV value) {
        java.util.Objects.requireNonNull(key, "key");
        java.util.Objects.requireNonNull(value, "value");
        K k = ctx.key();
        HashMap<UK, UV> map = table.get(k, ctx.ttlNow());
        if (map == null) {
            map = new HashMap<>(8);
        }
        map.put(key, value);
        table.put(k, map, Expiry.of(ttl, ctx));
    }

    @Override
    public void remove(UK key) {
        K k = ctx.key();
        HashMap<UK, UV> map = table.get(k, ctx.ttlNow());
        if (map != null && map.remove(key) != null) {
            if (map.isEmpty()) {
                table.remove(k);
            } else {
                table.put(k, map, Expiry.of(ttl, ctx));
            }
        }
    }

    @Override
    public boolean contains(UK key) {
        return get(key) != null;
    }

    @Override
    public Map<UK, UV> entries() {
        HashMap<UK, UV> map = table.get(ctx.key(), ctx.ttlNow());
        return map == null ? Map.of() : Collections.unmodifiableMap(map);
    }

    @Override
    public boolean isEmpty() {
        return entries().isEmpty();
    }

    @Override
    public void clear() {
        table.remove(ctx.key());
    }
}
