package io.tidemark.session.dedup;

import io.tidemark.engine.api.DataStream;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.events.Envelope;
import java.time.Duration;
import java.util.Objects;

/**
 * Drops repeated deliveries of one event: the second and later envelopes with the same
 * {@code (source, messageId)} within {@code ttl} of event time (SDK retries, gateway redeliveries).
 * The first arrival wins. Dropped envelopes are counted in {@code tidemark.dedup.duplicates}.
 *
 * <p>Keying by {@code (source, messageId)} needs no shuffle: a retried event carries the same
 * anonymousId, so every copy sits in the same partition as the original.
 */
public final class Dedup {

    /** Separates source and messageId in the state key; it occurs in neither. */
    static final char SEPARATOR = '\u001f';

    private Dedup() {
    }

    /** The envelopes of {@code events} with duplicates removed; {@code name} names its state. */
    public static DataStream<Envelope> apply(DataStream<Envelope> events, String name, Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        return events.keyBy(Dedup::key, Serdes.STRING).process(name, () -> new DedupFunction(ttl));
    }

    static String key(Envelope e) {
        return e.source() + SEPARATOR + e.messageId();
    }
}
