package io.tidemark.engine.kafka;

/**
 * Turns a Kafka record's bytes into the job's input type. Throwing means the record is
 * undecodable: the runtime sends it to the rejected topic with the exception's message as the
 * reason, counts it, and goes on. Returning {@code null} skips the record silently (filtering).
 */
@FunctionalInterface
public interface RecordDecoder<T> {

    T decode(byte[] key, byte[] value) throws Exception;
}
