package io.tidemark.engine.state.internals;

import io.tidemark.engine.snapshot.SnapshotFile;
import io.tidemark.engine.state.KvBatch;
import io.tidemark.engine.state.KvStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Sorted maps on the heap. A snapshot is one file, {@value #FILE}: for each column its name, its
 * entry count and its length-prefixed keys and values.
 */
public final class InMemoryKvStore implements KvStore {

    static final String FILE = "memory-state.bin";

    private final Map<String, MemColumn> columns = new LinkedHashMap<>();

    record MemColumn(String name, TreeMap<byte[], byte[]> data) implements Column {
    }

    @Override
    public Column column(String name) {
        return columns.computeIfAbsent(name, n -> new MemColumn(n, new TreeMap<>(Arrays::compareUnsigned)));
    }

    @Override
    public byte[] get(Column column, byte[] key) {
        return ((MemColumn) column).data().get(key);
    }

    @Override
    public KvBatch newBatch() {
        return new KvBatch() {
            private final List<Runnable> ops = new ArrayList<>();

            @Override
            public void put(Column column, byte[] key, byte[] value) {
                ops.add(() -> ((MemColumn) column).data().put(key, value));
            }

            @Override
            public void delete(Column column, byte[] key) {
                ops.add(() -> ((MemColumn) column).data().remove(key));
            }

            @Override
            public void clear(Column column) {
                ops.add(() -> ((MemColumn) column).data().clear());
            }

            @Override
            public int count() {
                return ops.size();
            }

            @Override
            public void commit() {
                ops.forEach(Runnable::run);
                ops.clear();
            }

            @Override
            public void close() {
                ops.clear();
            }
        };
    }

    @Override
    public boolean isEmpty(Column column) {
        return ((MemColumn) column).data().isEmpty();
    }

    @Override
    public void scan(Column column, BiConsumer<byte[], byte[]> visitor) {
        ((MemColumn) column).data().forEach(visitor);
    }

    @Override
    public List<SnapshotFile> checkpoint(Path directory) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(FILE);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeInt(columns.size());
                for (MemColumn c : columns.values()) {
                    out.writeUTF(c.name());
                    out.writeInt(c.data().size());
                    for (Map.Entry<byte[], byte[]> e : c.data().entrySet()) {
                        out.writeInt(e.getKey().length);
                        out.write(e.getKey());
                        out.writeInt(e.getValue().length);
                        out.write(e.getValue());
                    }
                }
            }
            return List.of(new SnapshotFile(FILE, Files.size(file), false));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in-memory snapshot into " + directory, e);
        }
    }

    public static InMemoryKvStore restore(Path snapshotDir) {
        InMemoryKvStore store = new InMemoryKvStore();
        try (DataInputStream in = new DataInputStream(
                new BufferedInputStream(Files.newInputStream(snapshotDir.resolve(FILE))))) {
            int columns = in.readInt();
            for (int i = 0; i < columns; i++) {
                MemColumn c = (MemColumn) store.column(in.readUTF());
                int n = in.readInt();
                for (int j = 0; j < n; j++) {
                    byte[] k = in.readNBytes(in.readInt());
                    byte[] v = in.readNBytes(in.readInt());
                    c.data().put(k, v);
                }
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read in-memory snapshot in " + snapshotDir, e);
        }
    }

    @Override
    public void close() {
        columns.clear();
    }
}
