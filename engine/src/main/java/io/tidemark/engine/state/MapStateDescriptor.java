package io.tidemark.engine.state;

import io.tidemark.engine.serde.Serde;
import java.time.Duration;
import java.util.Objects;

/** Declares a {@link MapState}. */
public record MapStateDescriptor<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, StateTtl ttl) {

    public MapStateDescriptor {
        StateNames.check(name);
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        Objects.requireNonNull(ttl, "ttl");
    }

    public static <K, V> MapStateDescriptor<K, V> of(String name, Serde<K> keySerde, Serde<V> valueSerde) {
        return new MapStateDescriptor<>(name, keySerde, valueSerde, StateTtl.NONE);
    }

    public MapStateDescriptor<K, V> withTtl(Duration ttl) {
        return new MapStateDescriptor<>(name, keySerde, valueSerde, StateTtl.ofEventTime(ttl));
    }
}
