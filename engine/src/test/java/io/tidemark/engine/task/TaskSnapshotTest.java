package io.tidemark.engine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.io.Sink;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.snapshot.Snapshot;
import io.tidemark.engine.snapshot.SnapshotManifest;
import io.tidemark.engine.state.StateBackends;
import io.tidemark.engine.window.Aggregates;
import io.tidemark.engine.window.TumblingWindows;
import io.tidemark.engine.window.WindowResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskSnapshotTest {

    @TempDir
    Path dir;

    final List<String> calls = new ArrayList<>();

    Pipeline pipeline() {
        Pipeline p = new Pipeline("snap");
        p.source("in", Sources.<Long>empty(), v -> v).keyBy(v -> "k" + (v % 3), Serdes.STRING)
                .window(TumblingWindows.of(Duration.ofSeconds(10)))
                .aggregate("w", Aggregates.count(), Serdes.LONG)
                .sink("out", task -> new Sink<WindowResult<String, Long>>() {
                    @Override
                    public void write(WindowResult<String, Long> value, long timestamp) {
                        calls.add("write");
                    }

                    @Override
                    public void prepareSnapshot(long id) {
                        calls.add("prepare-" + id);
                    }

                    @Override
                    public void snapshotComplete(long id) {
                        calls.add("complete-" + id);
                    }
                });
        return p;
    }

    @Test
    void sinksPrepareBeforeTheSnapshotAndHearWhenItCompletes() {
        try (Task task = Task.builder(pipeline()).backend(StateBackends.rocksDb()).workDir(dir.resolve("t")).build()) {
            task.<Long>input("in").push(1_000L);
            Snapshot s = task.snapshot(7, dir.resolve("s7"));
            task.notifySnapshotComplete(7);
            assertThat(calls).containsExactly("prepare-7", "complete-7");
            assertThat(s.files()).anyMatch(f -> f.name().endsWith(".sst"));
            assertThat(SnapshotManifest.read(dir.resolve("s7"))).isEqualTo(s);
        }
    }

    @Test
    void restoreRefusesASnapshotOfAnotherBackendOrAnIncompleteDirectory() throws Exception {
        try (Task task = Task.builder(pipeline()).backend(StateBackends.inMemory()).workDir(dir.resolve("t")).build()) {
            task.<Long>input("in").push(1_000L);
            task.snapshot(1, dir.resolve("s1"));
        }
        assertThatThrownBy(() -> Task.builder(pipeline()).backend(StateBackends.rocksDb())
                .workDir(dir.resolve("r")).restoreFrom(dir.resolve("s1")).build())
                .hasMessageContaining("written by the memory backend");
        Files.createDirectories(dir.resolve("half"));
        assertThatThrownBy(() -> Task.builder(pipeline()).backend(StateBackends.rocksDb())
                .workDir(dir.resolve("r2")).restoreFrom(dir.resolve("half")).build())
                .hasMessageContaining("not a complete snapshot");
    }
}
