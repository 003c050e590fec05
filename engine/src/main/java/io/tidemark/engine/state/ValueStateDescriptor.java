package io.tidemark.engine.state;

import io.tidemark.engine.serde.Serde;
import java.time.Duration;
import java.util.Objects;

/** Declares a {@link ValueState}: its name (unique within the operator), serde and TTL. */
public record ValueStateDescriptor<T>(String name, Serde<T> serde, StateTtl ttl) {

    public ValueStateDescriptor {
        StateNames.check(name);
        Objects.requireNonNull(serde, "serde");
        Objects.requireNonNull(ttl, "ttl");
    }

    public static <T> ValueStateDescriptor<T> of(String name, Serde<T> serde) {
        return new ValueStateDescriptor<>(name, serde, StateTtl.NONE);
    }

    public ValueStateDescriptor<T> withTtl(Duration ttl) {
        return new ValueStateDescriptor<>(name, serde, StateTtl.ofEventTime(ttl));
    }
}
