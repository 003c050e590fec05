package io.tidemark.engine.state;

import io.tidemark.engine.state.internals.InMemoryKvStore;
import io.tidemark.engine.state.internals.RocksDbKvStore;
import java.nio.file.Path;
import java.util.Objects;

/** The state backends: RocksDB for real runs, in-memory for small tests and the contract test. */
public final class StateBackends {

    private StateBackends() {
    }

    public static StateBackend rocksDb() {
        return rocksDb(RocksDbOptions.defaults());
    }

    public static StateBackend rocksDb(RocksDbOptions options) {
        Objects.requireNonNull(options, "options");
        return new StateBackend() {
            @Override
            public String kind() {
                return "rocksdb";
            }

            @Override
            public KvStore open(Path workDir) {
                return RocksDbKvStore.open(workDir, options);
            }

            @Override
            public KvStore restore(Path snapshotDir, Path workDir) {
                return RocksDbKvStore.restore(snapshotDir, workDir, options);
            }
        };
    }

    /** Everything on the heap; snapshots are one file. Not bounded by anything but the heap. */
    public static StateBackend inMemory() {
        return new StateBackend() {
            @Override
            public String kind() {
                return "memory";
            }

            @Override
            public KvStore open(Path workDir) {
                return new InMemoryKvStore();
            }

            @Override
            public KvStore restore(Path snapshotDir, Path workDir) {
                return InMemoryKvStore.restore(snapshotDir);
            }
        };
    }
}
