package io.tidemark.engine.kafka;

/**
 * Turns a Kafka record's bytes into the job's input type. Throwing means the record is
 * undecodable: the runtime sends it to the rejected topic with the exception's message as the
 * reason, counts it, and goes on. Returning {@code null} skips the record silently (filtering).
 */
@FunctionalInterface
public interface RecordDecoder<T> {

    T decode(byte[] key, byte[] value) throws Exception;

    /**
     * The runtime calls this one, with where the record was read. A decoder whose output records
     * its origin (an archive that replays must be able to order by offset) overrides it; by
     * default the coordinates are ignored.
     */
    default T decode(KafkaCoordinates at, byte[] key, byte[] value) throws Exception {
        return decode(key, value);
    }
}
