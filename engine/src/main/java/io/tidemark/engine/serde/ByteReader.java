package io.tidemark.engine.serde;

/** Reads what a {@link ByteWriter} wrote, in the same order. */
public final class ByteReader {

    private final byte[] buf;
    private int pos;

    public ByteReader(byte[] buf, int offset) {
        this.buf = buf;
        this.pos = offset;
    }

    public long readLong() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    public int readInt() {
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public int readByte() {
        return buf[pos++];
    }

    public byte[] readBlock() {
        int n = readInt();
        if (n < 0 || n > buf.length - pos) {
            throw new IllegalStateException("corrupt block length " + n + " at " + (pos - 4));
        }
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    public byte[] readRemaining() {
        byte[] out = new byte[buf.length - pos];
        System.arraycopy(buf, pos, out, 0, out.length);
        pos = buf.length;
        return out;
    }

    public boolean hasRemaining() {
        return pos < buf.length;
    }
}
