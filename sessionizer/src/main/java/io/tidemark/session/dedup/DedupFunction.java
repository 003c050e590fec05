package io.tidemark.session.dedup;

import io.micrometer.core.instrument.Counter;
import io.tidemark.engine.api.KeyedProcessFunction;
import io.tidemark.engine.api.RuntimeContext;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.state.ValueState;
import io.tidemark.engine.state.ValueStateDescriptor;
import io.tidemark.events.Envelope;
import java.time.Duration;

/**
 * Keyed by {@code (source, messageId)}: forwards the first envelope, drops the rest while the
 * key's marker lives. The marker's event-time TTL starts at the later of the event's time and the
 * watermark (see {@code StateTtl}), so a late original is still remembered for the full TTL.
 */
final class DedupFunction implements KeyedProcessFunction<String, Envelope, Envelope> {

    /**
     * Markers cached per task: a marker is read again only for a duplicate, which mostly follows
     * its original closely (an SDK retry); one that comes back later costs a store read.
     */
    static final int CACHED_MARKERS = 1 << 14;

    private final Duration ttl;
    private ValueState<Boolean> seen;
    private Counter duplicates;

    DedupFunction(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(RuntimeContext runtime) {
        seen = runtime.state(ValueStateDescriptor.of("seen", Serdes.BOOLEAN).withTtl(ttl).withCacheEntries(CACHED_MARKERS));
        duplicates = Counter.builder("tidemark.dedup.duplicates")
                .description("Envelopes dropped because their (source, messageId) was already seen")
                .tag("task", runtime.task().id())
                .register(runtime.metrics());
    }

    @Override
    public void processElement(Envelope value, Context<String, Envelope> ctx) {
        if (seen.value() != null) {
            duplicates.increment();
            return;
        }
        seen.update(Boolean.TRUE);
        ctx.collect(value);
    }
}
