package io.tidemark.engine.serde;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Serdes for primitives, strings and raw bytes; {@link #json(Class)} for records. */
public final class Serdes {

    private Serdes() {
    }

    /** Big-endian, so that non-negative longs sort by value as bytes. */
    public static final Serde<Long> LONG = new Serde<>() {
        @Override
        public byte[] serialize(Long value) {
            return longToBytes(value);
        }

        @Override
        public Long deserialize(byte[] bytes) {
            return bytesToLong(bytes, 0);
        }
    };

    public static final Serde<Integer> INT = new Serde<>() {
        @Override
        public byte[] serialize(Integer value) {
            int v = value;
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }

        @Override
        public Integer deserialize(byte[] b) {
            return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        }
    };

    public static final Serde<Double> DOUBLE = new Serde<>() {
        @Override
        public byte[] serialize(Double value) {
            return longToBytes(Double.doubleToLongBits(value));
        }

        @Override
        public Double deserialize(byte[] bytes) {
            return Double.longBitsToDouble(bytesToLong(bytes, 0));
        }
    };

    public static final Serde<Boolean> BOOLEAN = new Serde<>() {
        @Override
        public byte[] serialize(Boolean value) {
            return new byte[] {(byte) (value ? 1 : 0)};
        }

        @Override
        public Boolean deserialize(byte[] bytes) {
            return bytes[0] != 0;
        }
    };

    public static final Serde<String> STRING = new Serde<>() {
        @Override
        public byte[] serialize(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String deserialize(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    };

    /** Identity; the caller must not mutate an array after handing it over. */
    public static final Serde<byte[]> BYTES = new Serde<>() {
        @Override
        public byte[] serialize(byte[] value) {
            return value;
        }

        @Override
        public byte[] deserialize(byte[] bytes) {
            return bytes;
        }
    };

    /** Jackson-based serde for records and beans; see {@link JsonSerde}. */
    public static <T> Serde<T> json(Class<T> type) {
        return new JsonSerde<>(Objects.requireNonNull(type, "type"));
    }

    static byte[] longToBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    static long bytesToLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }
}
