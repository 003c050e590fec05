package io.tidemark.engine.state.internals;

import io.tidemark.engine.state.ListState;
import io.tidemark.engine.state.StateTtl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps an {@link ArrayList} per key in the cache, so {@link #add} appends without serializing. */
final class ListStateImpl<K, T> implements ListState<T> {

    private final StateTable<K, ArrayList<T>> table;
    private final KeyContext<K> ctx;
    private final StateTtl ttl;

    ListStateImpl(StateTable<K, ArrayList<T>> table, KeyContext<K> ctx, StateTtl ttl) {
        this.table = table;
        this.ctx = ctx;
        this.ttl = ttl;
    }

    @Override
    public List<T> get() {
        ArrayList<T> list = table.get(ctx.key(), ctx.ttlNow());
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    @Override
    public void add(T element) {
        java.util.Objects.requireNonNull(element, "element");
        K key = ctx.key();
        ArrayList<T> list = table.get(key, ctx.ttlNow());
        if (list == null) {
            list = new ArrayList<>(4);
        }
        list.add(element);
        table.put(key, list, Expiry.of(ttl, ctx));
    }

    @Override
    public void update(List<T> elements) {
        if (elements.isEmpty()) {
            clear();
        } else {
            table.put(ctx.key(), new ArrayList<>(elements), Expiry.of(ttl, ctx));
        }
    }

    @Override
    public void clear() {
        table.remove(ctx.key());
    }
}
