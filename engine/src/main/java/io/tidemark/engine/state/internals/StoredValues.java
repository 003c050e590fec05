package io.tidemark.engine.state.internals;

import io.tidemark.engine.serde.Serdes;

/**
 * The bytes a keyed state keeps under a key in its column: the serialized value, preceded by its
 * event-time expiry (8 bytes, big-endian, as {@link Serdes#LONG}) when the state has a TTL. One
 * layout for {@link StateTable} and {@link FlagTable}, so that either restores the other's snapshots.
 */
final class StoredValues {
    /** Bytes before the value when the state has a TTL. */
    static final int EXPIRY_BYTES = 8;

    private StoredValues() {}

    /** {@code value} with {@code expiresAt} in front. */
    static byte[] withExpiry(long expiresAt, byte[] value) {
        byte[] stored = new byte[EXPIRY_BYTES + value.length];
        System.arraycopy(Serdes.LONG.serialize(expiresAt), 0, stored, 0, EXPIRY_BYTES);
        System.arraycopy(value, 0, stored, EXPIRY_BYTES, value.length);
        return stored;
    }

    /** The expiry in front of a TTL state's stored bytes. */
    static long expiresAt(byte[] stored) {
        long v = 0;
        for (int i = 0; i < EXPIRY_BYTES; i++) {
            v = (v << 8) | (stored[i] & 0xFF);
        }
        return v;
    }
}
