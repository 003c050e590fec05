package io.tidemark.engine.state.internals;

import io.tidemark.engine.state.StateTtl;

final class Expiry {

    private Expiry() {
    }

    static long of(StateTtl ttl, KeyContext<?> ctx) {
        if (!ttl.enabled()) {
            return Long.MAX_VALUE;
        }
        long base = ctx.ttlBase();
        long at = base + ttl.millis();
        return at < base ? Long.MAX_VALUE : at;
    }
}
