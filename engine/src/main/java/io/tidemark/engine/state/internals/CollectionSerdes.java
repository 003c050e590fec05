package io.tidemark.engine.state.internals;

import io.tidemark.engine.serde.ByteReader;
import io.tidemark.engine.serde.ByteWriter;
import io.tidemark.engine.serde.Serde;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/** {@code [count][len][bytes]...} for lists, {@code [count]([len][key][len][value])...} for maps. */
final class CollectionSerdes {

    private CollectionSerdes() {
    }

    static <T> Serde<ArrayList<T>> list(Serde<T> element) {
        return new Serde<>() {
            @Override
            public byte[] serialize(ArrayList<T> list) {
                ByteWriter w = new ByteWriter(16 * list.size() + 4);
                w.writeInt(list.size());
                for (T t : list) {
                    w.writeBlock(element.serialize(t));
                }
                return w.toByteArray();
            }

            @Override
            public ArrayList<T> deserialize(byte[] bytes) {
                ByteReader r = new ByteReader(bytes, 0);
                int n = r.readInt();
                ArrayList<T> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(element.deserialize(r.readBlock()));
                }
                return out;
            }
        };
    }

    static <K, V> Serde<HashMap<K, V>> map(Serde<K> keys, Serde<V> values) {
        return new Serde<>() {
            @Override
            public byte[] serialize(HashMap<K, V> map) {
                ByteWriter w = new ByteWriter(32 * map.size() + 4);
                w.writeInt(map.size());
                for (Map.Entry<K, V> e : map.entrySet()) {
                    w.writeBlock(keys.serialize(e.getKey()));
                    w.writeBlock(values.serialize(e.getValue()));
                }
                return w.toByteArray();
            }

            @Override
            public HashMap<K, V> deserialize(byte[] bytes) {
                ByteReader r = new ByteReader(bytes, 0);
                int n = r.readInt();
                HashMap<K, V> out = new HashMap<>(Math.max(8, n * 2));
                for (int i = 0; i < n; i++) {
                    K k = keys.deserialize(r.readBlock());
                    out.put(k, values.deserialize(r.readBlock()));
                }
                return out;
            }
        };
    }
}
