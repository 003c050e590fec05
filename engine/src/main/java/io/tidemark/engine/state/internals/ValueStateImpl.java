package io.tidemark.engine.state.internals;

import io.tidemark.engine.state.StateTtl;
import io.tidemark.engine.state.ValueState;

final class ValueStateImpl<K, T> implements ValueState<T> {

    private final StateTable<K, T> table;
    private final KeyContext<K> ctx;
    private final StateTtl ttl;

    ValueStateImpl(StateTable<K, T> table, KeyContext<K> ctx, StateTtl ttl) {
        this.table = table;
        this.ctx = ctx;
        this.ttl = ttl;
    }

    @Override
    public T value() {
        return table.get(ctx.key(), ctx.ttlNow());
    }

    @Override
    public void update(T value) {
        table.put(ctx.key(), value, Expiry.of(ttl, ctx));
    }

    @Override
    public void clear() {
        table.remove(ctx.key());
    }
}
