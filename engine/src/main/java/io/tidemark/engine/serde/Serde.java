package io.tidemark.engine.serde;

/**
 * Turns values into bytes and back, explicitly: the engine never guesses how to store a value.
 *
 * <p>Contract: {@code deserialize(serialize(v))} equals {@code v}; equal keys serialize to equal bytes
 * (state and timers are addressed by the key's bytes on disk). Serdes are stateless and thread-safe.
 * Serialization happens only when state leaves the write-back cache or a snapshot is taken, never
 * between chained operators.
 */
public interface Serde<T> {

    byte[] serialize(T value);

    T deserialize(byte[] bytes);
}
