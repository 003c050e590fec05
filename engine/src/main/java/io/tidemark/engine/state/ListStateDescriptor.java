package io.tidemark.engine.state;

import io.tidemark.engine.serde.Serde;
import java.time.Duration;
import java.util.Objects;

/** Declares a {@link ListState}. */
public record ListStateDescriptor<T>(String name, Serde<T> elementSerde, StateTtl ttl) {

    public ListStateDescriptor {
        StateNames.check(name);
        Objects.requireNonNull(elementSerde, "elementSerde");
        Objects.requireNonNull(ttl, "ttl");
    }

    public static <T> ListStateDescriptor<T> of(String name, Serde<T> elementSerde) {
        return new ListStateDescriptor<>(name, elementSerde, StateTtl.NONE);
    }

    public ListStateDescriptor<T> withTtl(Duration ttl) {
        return new ListStateDescriptor<>(name, elementSerde, StateTtl.ofEventTime(ttl));
    }
}
