package io.tidemark.engine.state.internals;

import io.tidemark.engine.state.StateTtl;
import io.tidemark.engine.state.ValueState;

final class FlagStateImpl<K> implements ValueState<Boolean> {

    private final FlagTable<K> table;
    private final KeyContext<K> ctx;
    private final StateTtl ttl;

    FlagStateImpl(FlagTable<K> table, KeyContext<K> ctx, StateTtl ttl) {
        this.table = table;
        this.ctx = ctx;
        this.ttl = ttl;
    }

    @Override
    public Boolean value() {
        return table.get(ctx.key(), ctx.ttlNow());
    }

    @Override
    public void update(Boolean value) {
        table.put(ctx.key(), value, Expiry.of(ttl, ctx));
    }

    @Override
    public void clear() {
        table.put(ctx.key(), null, Long.MAX_VALUE);
    }
}
