package io.tidemark.engine.checkpoint;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tidemark.engine.state.KvStore;
import io.tidemark.engine.state.StateBackends;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Reads a task's state out of any checkpoint or savepoint, outside the engine, as JSON lines: one
 * line per entry, {@code {"state":..,"key":..,"keyBase64":..,"valueBase64":..}}. {@code state} is
 * the RocksDB column ({@code <operator>/<state>}, {@code <operator>/_timers}, {@code _meta});
 * keys and values are the engine's serialized bytes ({@code key} repeats the key as text when it
 * is valid UTF-8), since only the job knows its serdes.
 */
public final class StateExport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StateExport() {
    }

    /** Writes the state of {@code checkpoint} to {@code out}; returns the number of entries. */
    public static long export(CheckpointStorage storage, TaskCheckpoint checkpoint, Path scratch, OutputStream out)
            throws IOException {
        Path snapshot = scratch.resolve("snapshot");
        storage.downloadState(checkpoint, snapshot);
        List<String> columns = columns(snapshot);
        long[] n = new long[1];
        try (KvStore store = StateBackends.rocksDb().restore(snapshot, scratch.resolve("store"));
             JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.setRootValueSeparator(null);
            for (String column : columns) {
                store.scan(store.column(column), (k, v) -> {
                    try {
                        g.writeStartObject();
                        g.writeStringField("state", column);
                        String text = utf8(k);
                        if (text != null) {
                            g.writeStringField("key", text);
                        }
                        g.writeStringField("keyBase64", Base64.getEncoder().encodeToString(k));
                        g.writeStringField("valueBase64", Base64.getEncoder().encodeToString(v));
                        g.writeEndObject();
                        g.writeRaw('\n');
                        n[0]++;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
        }
        return n[0];
    }

    private static List<String> columns(Path snapshot) throws IOException {
        RocksDB.loadLibrary();
        try (Options options = new Options()) {
            List<String> names = new ArrayList<>();
            for (byte[] name : RocksDB.listColumnFamilies(options, snapshot.toString())) {
                String s = new String(name, StandardCharsets.UTF_8);
                if (!s.equals("default")) {
                    names.add(s);
                }
            }
            names.sort(null);
            return names;
        } catch (RocksDBException e) {
            throw new IOException("cannot list the states of " + snapshot, e);
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
