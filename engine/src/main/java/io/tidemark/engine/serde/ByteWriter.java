package io.tidemark.engine.serde;

import java.util.Arrays;

/** A growable big-endian byte buffer for hand-written serdes of composite values. */
public final class ByteWriter {

    private byte[] buf;
    private int size;

    public ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public ByteWriter writeLong(long v) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buf[size + i] = (byte) v;
            v >>>= 8;
        }
        size += 8;
        return this;
    }

    public ByteWriter writeInt(int v) {
        ensure(4);
        buf[size] = (byte) (v >>> 24);
        buf[size + 1] = (byte) (v >>> 16);
        buf[size + 2] = (byte) (v >>> 8);
        buf[size + 3] = (byte) v;
        size += 4;
        return this;
    }

    public ByteWriter writeByte(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter writeRaw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** Length-prefixed bytes, readable by {@link ByteReader#readBlock()}. */
    public ByteWriter writeBlock(byte[] bytes) {
        writeInt(bytes.length);
        return writeRaw(bytes);
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
