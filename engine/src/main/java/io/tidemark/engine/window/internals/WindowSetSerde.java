package io.tidemark.engine.window.internals;

import io.tidemark.engine.serde.ByteReader;
import io.tidemark.engine.serde.ByteWriter;
import io.tidemark.engine.serde.Serde;

/**
 * {@code [size: int][armedAt: long]} then per window
 * {@code [start: long][end: long][emitted: int][pending: byte][accumulator: int length + bytes]}.
 */
final class WindowSetSerde implements Serde<WindowSet> {

    private final Serde<Object> accumulators;

    @SuppressWarnings("unchecked")
    WindowSetSerde(Serde<?> accumulators) {
        this.accumulators = (Serde<Object>) accumulators;
    }

    @Override
    public byte[] serialize(WindowSet ws) {
        ByteWriter w = new ByteWriter(12 + ws.size * 40);
        w.writeInt(ws.size).writeLong(ws.armedAt);
        for (int i = 0; i < ws.size; i++) {
            w.writeLong(ws.starts[i]).writeLong(ws.ends[i]).writeInt(ws.emitted[i]).writeByte(ws.pending[i] ? 1 : 0);
            w.writeBlock(accumulators.serialize(ws.accs[i]));
        }
        return w.toByteArray();
    }

    @Override
    public WindowSet deserialize(byte[] bytes) {
        ByteReader r = new ByteReader(bytes, 0);
        int n = r.readInt();
        WindowSet ws = new WindowSet(n);
        ws.armedAt = r.readLong();
        for (int i = 0; i < n; i++) {
            ws.starts[i] = r.readLong();
            ws.ends[i] = r.readLong();
            ws.emitted[i] = r.readInt();
            ws.pending[i] = r.readByte() != 0;
            ws.accs[i] = accumulators.deserialize(r.readBlock());
        }
        ws.size = n;
        return ws;
    }
}
