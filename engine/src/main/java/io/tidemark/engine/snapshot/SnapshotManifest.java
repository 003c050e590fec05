package io.tidemark.engine.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and writes the manifest of a snapshot directory: a small JSON document, written last, so
 * a directory without it is an incomplete snapshot. Format (version 1):
 * <pre>{"version":1,"id":7,"backend":"rocksdb","watermark":..,"maxEventTime":..,
 *  "files":[{"name":"000012.sst","sizeBytes":1234,"immutable":true}, ...]}</pre>
 */
public final class SnapshotManifest {

    public static final String FILE_NAME = "tidemark-snapshot.json";
    private static final int VERSION = 1;
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private SnapshotManifest() {
    }

    record Document(int version, long id, String backend, long watermark, long maxEventTime,
                    List<SnapshotFile> files) {
    }

    public static void write(Snapshot s) {
        Document doc = new Document(VERSION, s.id(), s.backend(), s.watermark(), s.maxEventTime(), s.files());
        try {
            Path tmp = s.directory().resolve(FILE_NAME + ".tmp");
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), doc);
            Files.move(tmp, s.directory().resolve(FILE_NAME), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot manifest in " + s.directory(), e);
        }
    }

    public static Snapshot read(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a complete snapshot (no " + FILE_NAME + "): " + directory);
        }
        try {
            Document d = MAPPER.readValue(file.toFile(), Document.class);
            if (d.version() != VERSION) {
                throw new IllegalArgumentException("unsupported snapshot version " + d.version() + " in " + file);
            }
            return new Snapshot(d.id(), directory, d.backend(), d.watermark(), d.maxEventTime(), d.files());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read snapshot manifest " + file, e);
        }
    }
}
