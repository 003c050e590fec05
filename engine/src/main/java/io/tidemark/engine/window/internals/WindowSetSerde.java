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
        ByteWriter w = new ByteWriter(12 + ws.size() * 40);
        w.writeInt(ws.size()).writeLong(ws.armedAt);
        for (int i = 0; i < ws.size(); i++) {
            w.writeLong(ws.start(i)).writeLong(ws.end(i)).writeInt(ws.emitted(i)).writeByte(ws.pending(i) ? 1 : 0);
            w.writeBlock(accumulators.serialize(ws.acc(i)));
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
            long start = r.readLong();
            long end = r.readLong();
            int emitted = r.readInt();
            boolean pending = r.readByte() != 0;
            ws.insert(start, end, accumulators.deserialize(r.readBlock()), emitted, pending);
        }
        return ws;
    }
}
