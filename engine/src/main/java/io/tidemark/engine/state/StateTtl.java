package io.tidemark.engine.state;

import java.time.Duration;

/**
 * Event-time time-to-live. A write at event time {@code t} (the timestamp of the record or timer
 * being processed, but not less than the watermark {@code W}) makes the value expire at
 * {@code max(t, W) + ttl}; it reads as absent once the watermark reaches that instant. Expired
 * values are dropped when read or when the cache writes them back; values never touched again stay
 * on disk until then.
 */
public record StateTtl(long millis) {

    public static final StateTtl NONE = new StateTtl(0);

    public StateTtl {
        if (millis < 0) {
            throw new IllegalArgumentException("ttl must not be negative: " + millis);
        }
    }

    public static StateTtl ofEventTime(Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        return new StateTtl(ttl.toMillis());
    }

    public boolean enabled() {
        return millis > 0;
    }
}
