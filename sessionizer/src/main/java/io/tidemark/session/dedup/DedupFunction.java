package io.tidemark.session.dedup;

import io.micrometer.core.instrument.Counter;
import io.tidemark.engine.api.KeyedProcessFunction;
import io.tidemark.engine.api.RuntimeContext;
import io.tidemark.engine.state.FlagStateDescriptor;
import io.tidemark.engine.state.ValueState;
import io.tidemark.events.Envelope;
import java.time.Duration;

/**
 * Keyed by {@code (source, messageId)}: forwards the first envelope, drops the rest while the
 * key's marker lives. The marker's event-time TTL starts at the later of the event's time and the
 * watermark (see {@code StateTtl}), so a late original is still remembered for the full TTL.
 * Markers are a flag state: held in compact arrays on the heap and written to the store only at
 * checkpoints or when they outgrow the task's cache bytes, not one store write per event.
 */
final class DedupFunction implements KeyedProcessFunction<String, Envelope, Envelope> {

    private final Duration ttl;
    private ValueState<Boolean> seen;
    private Counter duplicates;

    DedupFunction(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(RuntimeContext runtime) {
        seen = runtime.flagState(FlagStateDescriptor.of("seen").withTtl(ttl));
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
