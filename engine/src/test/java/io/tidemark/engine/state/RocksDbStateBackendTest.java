package io.tidemark.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.snapshot.SnapshotFile;
import io.tidemark.engine.state.internals.KeyedStateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RocksDbStateBackendTest extends StateBackendContract {

    @Override
    StateBackend backend() {
        return StateBackends.rocksDb(RocksDbOptions.defaults().withBlockCacheBytes(8 << 20)
                .withWriteBufferBytes(4 << 20));
    }

    @Test
    void aSecondSnapshotSharesTheUnchangedSstFilesOfTheFirst() {
        KvStore store = open("work");
        KeyedStateStore<String> s = keyed(store, 1_000);
        ValueState<String> v = s.value(ValueStateDescriptor.of("v", Serdes.STRING));
        for (int k = 0; k < 5_000; k++) {
            at(s, "k" + k, 0);
            v.update("first-" + k);
        }
        flush(store, s);
        List<SnapshotFile> first = store.checkpoint(dir.resolve("snap-1"));
        at(s, "new", 0);
        v.update("second");
        flush(store, s);
        List<SnapshotFile> second = store.checkpoint(dir.resolve("snap-2"));

        Set<String> firstSst = first.stream().filter(SnapshotFile::immutable).map(SnapshotFile::name)
                .collect(Collectors.toSet());
        assertThat(firstSst).isNotEmpty().allSatisfy(n -> assertThat(n).endsWith(".sst"));
        var snapshot2 = new io.tidemark.engine.snapshot.Snapshot(2, dir.resolve("snap-2"), "rocksdb", 0, 0, second);
        List<SnapshotFile> upload = snapshot2.filesToUpload(firstSst);
        assertThat(upload).as("only new SST files and the small mutable files").isNotEmpty()
                .noneMatch(f -> firstSst.contains(f.name()));
        assertThat(second).extracting(SnapshotFile::name).containsAll(firstSst);
    }

    @Test
    void restoreDoesNotModifyTheSnapshotDirectory() throws Exception {
        KvStore store = open("work");
        KeyedStateStore<String> s = keyed(store, 10);
        ValueState<String> v = s.value(ValueStateDescriptor.of("v", Serdes.STRING));
        at(s, "a", 0);
        v.update("x");
        flush(store, s);
        Path snap = dir.resolve("snap");
        List<SnapshotFile> files = store.checkpoint(snap);
        KvStore restored = restore(snap, "r");
        KeyedStateStore<String> r = keyed(restored, 10);
        ValueState<String> rv = r.value(ValueStateDescriptor.of("v", Serdes.STRING));
        for (int k = 0; k < 2_000; k++) {
            at(r, "w" + k, 0);
            rv.update("y");
        }
        flush(restored, r);
        restored.checkpoint(dir.resolve("snap-after"));
        try (var listing = java.nio.file.Files.list(snap)) {
            assertThat(listing.map(p -> p.getFileName().toString()).sorted().toList())
                    .isEqualTo(files.stream().map(SnapshotFile::name).sorted().toList());
        }
    }
}
