package io.tidemark.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.checkpoint.storage.CheckpointFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskFenceTest {

    @TempDir
    Path dir;

    @Test
    void claim_concurrentClaimantsGetDistinctEpochsAndOnlyTheLastMayCommit() throws Exception {
        CheckpointFiles files = CheckpointFiles.at(dir.toUri().toString());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<TaskFence>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String owner = "owner-" + i;
                claims.add(() -> TaskFence.claim(files, "job", 3, owner));
            }
            List<TaskFence> fences = new ArrayList<>();
            for (Future<TaskFence> f : pool.invokeAll(claims)) {
                fences.add(f.get());
            }
            assertThat(fences).extracting(TaskFence::epoch).doesNotHaveDuplicates();
            long max = fences.stream().mapToLong(TaskFence::epoch).max().orElseThrow();
            for (TaskFence f : fences) {
                assertThat(f.mayCommit()).as("epoch %d", f.epoch()).isEqualTo(f.epoch() == max);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void claim_otherTasksAreIndependent() throws Exception {
        CheckpointFiles files = CheckpointFiles.at(dir.toUri().toString());
        TaskFence a = TaskFence.claim(files, "job", 0, "a");
        TaskFence b = TaskFence.claim(files, "job", 1, "b");
        assertThat(a.mayCommit()).isTrue();
        assertThat(b.mayCommit()).isTrue();
        TaskFence a2 = TaskFence.claim(files, "job", 0, "a2");
        assertThat(a.mayCommit()).isFalse();
        assertThat(a2.mayCommit()).isTrue();
        assertThat(b.mayCommit()).isTrue();
    }

    @Test
    void metadata_roundTripsAndRejectsUnknownVersions() {
        TaskCheckpoint c = new TaskCheckpoint(TaskCheckpoint.VERSION, "job", 2, 7, 3, 1234, 99, false, 5,
                List.of(new StateFile("000012.sst", "shared/e3/000012.sst", 10)), java.util.Map.of("lake:raw", "{}"));
        assertThat(TaskCheckpoint.fromJson(c.toJson())).isEqualTo(c);
        String v2 = new String(c.toJson(), java.nio.charset.StandardCharsets.UTF_8).replace("\"version\" : 1", "\"version\" : 2");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> TaskCheckpoint.fromJson(v2.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 2");
        assertThat(CheckpointLayout.parse(2, new CheckpointLayout.Ref(2, 7, 3).dirName()))
                .contains(new CheckpointLayout.Ref(2, 7, 3));
        assertThat(CheckpointLayout.parse(2, "chk-7")).isEmpty();
    }
}
