package io.tidemark.engine.state;

import java.time.Duration;
import java.util.Objects;

/**
 * Declares a flag per key: a {@code ValueState<Boolean>} for states that gain a key on nearly every
 * record and rarely read one again, such as dedup's "seen" markers. The task holds such a state in
 * compact arrays on the heap (no object per key) and writes it to the store only at checkpoints or
 * when it outgrows the task's cache bytes ({@link CacheOptions#maxBytes()}), where a
 * {@link ValueStateDescriptor}'s bounded cache writes back every key it evicts. Its column and bytes
 * on disk are those of a {@code ValueStateDescriptor} of {@code Serdes.BOOLEAN} with the same name
 * and TTL, so either declaration restores the other's snapshots.
 */
public record FlagStateDescriptor(String name, StateTtl ttl) {

    public FlagStateDescriptor {
        StateNames.check(name);
        Objects.requireNonNull(ttl, "ttl");
    }

    public static FlagStateDescriptor of(String name) {
        return new FlagStateDescriptor(name, StateTtl.NONE);
    }

    public FlagStateDescriptor withTtl(Duration ttl) {
        return new FlagStateDescriptor(name, StateTtl.ofEventTime(ttl));
    }
}
