package io.tidemark.engine.state.internals;

import io.tidemark.engine.snapshot.SnapshotFile;
import io.tidemark.engine.state.KvBatch;
import io.tidemark.engine.state.KvStore;
import io.tidemark.engine.state.RocksDbOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One RocksDB instance per task, one column family per state. The write-ahead log is off: a crash
 * loses writes since the last checkpoint, which recovery replays from the input anyway.
 */
public final class RocksDbKvStore implements KvStore {

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final LRUCache blockCache;
    private final BloomFilter bloom;
    private final WriteOptions writeOptions;
    private final Map<String, RocksColumn> columns = new HashMap<>();
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();

    record RocksColumn(String name, ColumnFamilyHandle handle) implements Column {
    }

    private RocksDbKvStore(Path dir, RocksDbOptions o) throws RocksDBException {
        this.dir = dir;
        this.blockCache = new LRUCache(o.blockCacheBytes());
        this.bloom = o.bloomBitsPerKey() > 0 ? new BloomFilter(o.bloomBitsPerKey(), false) : null;
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(blockCache)
                .setBlockSize(4 * 1024)
                .setCacheIndexAndFilterBlocks(true)
                .setCacheIndexAndFilterBlocksWithHighPriority(true);
        if (bloom != null) {
            table.setFilterPolicy(bloom);
        }
        this.cfOptions = new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setWriteBufferSize(o.writeBufferBytes())
                .setMaxWriteBufferNumber(o.maxWriteBuffers())
                .setCompressionType(type(o.compression()))
                // L0 and L1 are small and hot (recently evicted state): keep them uncompressed so a
                // point lookup does not decompress a block
                .setCompressionPerLevel(List.of(CompressionType.NO_COMPRESSION, CompressionType.NO_COMPRESSION,
                        type(o.compression()), type(o.compression()), type(o.compression()), type(o.compression()),
                        type(o.compression())))
                .setBottommostCompressionType(type(o.bottommostCompression()))
                .setLevelCompactionDynamicLevelBytes(true)
                // state access is point lookups: a whole-key bloom per memtable skips the memtables
                // that do not hold the key (most of them, once several are full)
                .setMemtablePrefixBloomSizeRatio(0.1)
                .setMemtableWholeKeyFiltering(true);
        this.dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(o.maxBackgroundJobs())
                .setMaxOpenFiles(-1);
        this.writeOptions = new WriteOptions().setDisableWAL(true);

        List<byte[]> existing;
        try (Options probe = new Options()) {
            existing = Files.exists(dir.resolve("CURRENT"))
                    ? RocksDB.listColumnFamilies(probe, dir.toString()) : List.of(RocksDB.DEFAULT_COLUMN_FAMILY);
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (byte[] name : existing) {
            descriptors.add(new ColumnFamilyDescriptor(name, cfOptions));
        }
        this.db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        for (ColumnFamilyHandle h : handles) {
            String name = new String(h.getName(), StandardCharsets.UTF_8);
            columns.put(name, new RocksColumn(name, h));
        }
    }

    public static RocksDbKvStore open(Path workDir, RocksDbOptions options) {
        try {
            Files.createDirectories(workDir);
            try (Stream<Path> s = Files.list(workDir)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("workDir must be empty: " + workDir);
                }
            }
            return new RocksDbKvStore(workDir, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot open RocksDB in " + workDir, e);
        }
    }

    /** Hard-links the snapshot's immutable files into {@code workDir} (copies if links fail), then opens. */
    public static RocksDbKvStore restore(Path snapshotDir, Path workDir, RocksDbOptions options) {
        try {
            Files.createDirectories(workDir);
            try (Stream<Path> files = Files.list(snapshotDir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = f.getFileName().toString();
                    if (name.startsWith("tidemark-")) {
                        continue;
                    }
                    Path target = workDir.resolve(name);
                    if (name.endsWith(".sst")) {
                        try {
                            Files.createLink(target, f);
                            continue;
                        } catch (IOException | UnsupportedOperationException linkFailed) {
                            // other file system or no link support: copy below
                        }
                    }
                    Files.copy(f, target);
                }
            }
            return new RocksDbKvStore(workDir, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore from " + snapshotDir, e);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot open restored RocksDB in " + workDir, e);
        }
    }

    @Override
    public Column column(String name) {
        RocksColumn c = columns.get(name);
        if (c != null) {
            return c;
        }
        try {
            ColumnFamilyHandle h = db.createColumnFamily(
                    new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cfOptions));
            handles.add(h);
            c = new RocksColumn(name, h);
            columns.put(name, c);
            return c;
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot create column family " + name, e);
        }
    }

    @Override
    public byte[] get(Column column, byte[] key) {
        try {
            return db.get(((RocksColumn) column).handle(), key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB get failed in " + column.name(), e);
        }
    }

    @Override
    public KvBatch newBatch() {
        return new Batch();
    }

    @Override
    public boolean isEmpty(Column column) {
        try (RocksIterator it = db.newIterator(((RocksColumn) column).handle())) {
            it.seekToFirst();
            return !it.isValid();
        }
    }

    @Override
    public void scan(Column column, BiConsumer<byte[], byte[]> visitor) {
        try (RocksIterator it = db.newIterator(((RocksColumn) column).handle())) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                visitor.accept(it.key(), it.value());
            }
        }
    }

    @Override
    public List<SnapshotFile> checkpoint(Path directory) {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
             Checkpoint cp = Checkpoint.create(db)) {
            // Without a WAL, only flushed memtables are in the checkpoint: flush all, then link.
            db.flush(flush, handles);
            Files.createDirectories(directory.getParent());
            cp.createCheckpoint(directory.toString());
            List<SnapshotFile> out = new ArrayList<>();
            try (Stream<Path> files = Files.list(directory)) {
                for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                    String name = f.getFileName().toString();
                    out.add(new SnapshotFile(name, Files.size(f), name.endsWith(".sst")));
                }
            }
            return out;
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB checkpoint into " + directory + " failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        db.close();
        writeOptions.close();
        dbOptions.close();
        cfOptions.close();
        blockCache.close();
        if (bloom != null) {
            bloom.close();
        }
    }

    @Override
    public String toString() {
        return "RocksDbKvStore[" + dir + "]";
    }

    private static CompressionType type(RocksDbOptions.Compression c) {
        return switch (c) {
            case NONE -> CompressionType.NO_COMPRESSION;
            case LZ4 -> CompressionType.LZ4_COMPRESSION;
            case ZSTD -> CompressionType.ZSTD_COMPRESSION;
            case SNAPPY -> CompressionType.SNAPPY_COMPRESSION;
        };
    }

    private final class Batch implements KvBatch {
        private final WriteBatch batch = new WriteBatch();
        private int count;

        @Override
        public void put(Column column, byte[] key, byte[] value) {
            try {
                batch.put(((RocksColumn) column).handle(), key, value);
                count++;
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void delete(Column column, byte[] key) {
            try {
                batch.delete(((RocksColumn) column).handle(), key);
                count++;
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void clear(Column column) {
            ColumnFamilyHandle h = ((RocksColumn) column).handle();
            try (RocksIterator it = db.newIterator(h)) {
                it.seekToFirst();
                if (!it.isValid()) {
                    return;
                }
                byte[] first = it.key();
                it.seekToLast();
                byte[] last = it.key();
                // deleteRange excludes its end: delete the last key on its own.
                batch.deleteRange(h, first, last);
                batch.delete(h, last);
                count += 2;
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public void commit() {
            if (count == 0) {
                return;
            }
            try {
                db.write(writeOptions, batch);
                batch.clear();
                count = 0;
            } catch (RocksDBException e) {
                throw new IllegalStateException("RocksDB write failed", e);
            }
        }

        @Override
        public void close() {
            batch.close();
        }
    }
}
