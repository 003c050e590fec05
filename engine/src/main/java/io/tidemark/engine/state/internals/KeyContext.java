package io.tidemark.engine.state.internals;

import java.util.function.LongSupplier;

/**
 * The key and event time of what an operator is processing now (a record or a timer). The operator
 * sets it before calling user code; state handles read it, so user code never passes keys.
 */
public final class KeyContext<K> {

    private final LongSupplier watermark;
    private K key;
    private long timestamp;

    public KeyContext(LongSupplier watermark) {
        this.watermark = watermark;
    }

    public void set(K key, long timestamp) {
        this.key = key;
        this.timestamp = timestamp;
    }

    public K key() {
        if (key == null) {
            throw new IllegalStateException("keyed state is only accessible while processing a record or timer");
        }
        return key;
    }

    public long timestamp() {
        return timestamp;
    }

    public long watermark() {
        return watermark.getAsLong();
    }

    /**
     * The event time a TTL is judged at: the watermark. At end of input the watermark jumps to the
     * end of time to fire every timer; a timer firing then sees state as it was at the timer's own
     * time, not all of it expired.
     */
    public long ttlNow() {
        long w = watermark.getAsLong();
        return w == Long.MAX_VALUE ? timestamp : w;
    }

    /** The instant a TTL counts from: see {@link io.tidemark.engine.state.StateTtl}. */
    public long ttlBase() {
        return Math.max(timestamp, watermark.getAsLong());
    }
}
