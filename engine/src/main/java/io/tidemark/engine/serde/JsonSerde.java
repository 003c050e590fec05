package io.tidemark.engine.serde;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON via Jackson, for records and beans. Readable on disk (useful for state export) at the cost
 * of size and speed; hot state with a fixed shape deserves a hand-written serde.
 *
 * <p>Unknown properties are ignored on read so that adding a field to a state record keeps old
 * snapshots restorable.
 */
public final class JsonSerde<T> implements Serde<T> {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Class<T> type;

    JsonSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public byte[] serialize(T value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + type.getName(), e);
        }
    }

    @Override
    public T deserialize(byte[] bytes) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deserialize " + type.getName(), e);
        }
    }
}
