package io.tidemark.lake.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.read.LakeReader;
import io.tidemark.lake.testing.DuckDb;
import io.tidemark.lake.testing.LakeFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crashes at each point of the protocol, then recovery from the last completed checkpoint and a
 * replay of the input from that checkpoint's offset: every row must end up visible exactly once.
 * A "crash" abandons the writer as kill -9 would: open files stay open and unfinished.
 */
class LakeWriterRecoveryTest {

  @TempDir Path dir;
  LakeFixture lake;

  @BeforeEach
  void setUp() {
    lake = new LakeFixture(dir);
  }

  @Test
  void crashAfterPreCommitBeforeCommitThenRecoverWritesEveryRowExactlyOnce() throws Exception {
    LakeWriter<RawRow> crashed = lake.rawWriter(0, PendingCommit.initial("raw", 0));
    lake.write(crashed, 0, 1000);
    crashed.commit(crashed.preCommit(1), CommitGuard.ALWAYS);
    lake.write(crashed, 1000, 2000);
    lake.clock.advance(Duration.ofMinutes(2));
    PendingCommit completed = crashed.preCommit(2); // checkpoint 2 is durable; its commit never ran
    lake.write(crashed, 2000, 2500); // after the checkpoint: in open files when the process dies
    assertThat(completed.merges()).isNotEmpty();
    assertThat(lake.visibleFiles()).isEmpty();

    LakeWriter<RawRow> recovered = lake.rawWriter(0, PendingCommit.fromJson(completed.toJson()));
    assertThat(lake.visibleFiles()).hasSize(completed.merges().size());
    assertThat(lake.hiddenFiles()).isEmpty();
    assertThat(DuckDb.count("SELECT count(*) FROM " + lake.rawTable())).isEqualTo(2000);

    lake.write(recovered, 2000, 3000); // replay from checkpoint 2's offset
    recovered.commit(recovered.preCommit(3, true), CommitGuard.ALWAYS);
    assertExactlyOnce(3000);
  }

  @Test
  void crashBeforePreCommitThenRecoverFromThePreviousCheckpointDropsTheLaterRowsAndEveryLeftover() throws Exception {
    lake.config = lake.config.withRowGroupBytes(8 * 1024); // so open files reach the disk before they close
    LakeWriter<RawRow> crashed = lake.rawWriter(0, PendingCommit.initial("raw", 0));
    lake.write(crashed, 0, 1000);
    PendingCommit completed = crashed.preCommit(1);
    crashed.commit(completed, CommitGuard.ALWAYS);
    lake.write(crashed, 1000, 2000); // in open files (two dates) when the process dies, never pre-committed
    java.util.List<Path> hidden = lake.hiddenFiles();
    assertThat(hidden).hasSize(1 + 2);
    assertThat(hidden).anySatisfy(p -> assertThat(java.nio.file.Files.size(p)).isPositive());

    LakeWriter<RawRow> recovered = lake.rawWriter(0, completed);
    assertThat(lake.hiddenFiles().stream().filter(p -> p.toString().contains("task-00000")))
        .hasSize(completed.carried().get(0).parts().size());
    recovered.commit(recovered.preCommit(2, true), CommitGuard.ALWAYS);

    assertThat(LakeReader.readAll(RawRow.DATASET, lake.lake)).containsExactlyElementsOf(lake.rows(0, 1000));
    assertThat(DuckDb.count("SELECT count(*) FROM " + lake.rawTable() + " WHERE kafka_offset >= 1000")).isZero();
    assertThat(lake.hiddenFiles().stream().filter(p -> p.toString().contains("task-00000"))).isEmpty();
  }

  @ParameterizedTest(name = "guard refuses its check number {0}")
  @ValueSource(ints = {1, 2, 3, 4})
  void crashInsideCommitThenRecoverFinishesItExactlyOnce(int refusedCheck) throws Exception {
    LakeWriter<RawRow> crashed = lake.rawWriter(0, PendingCommit.initial("raw", 0));
    // Two dates, each with two staged parts: two merges, two checks each (rename, delete).
    lake.write(crashed, 0, 2000);
    crashed.commit(crashed.preCommit(1), CommitGuard.ALWAYS);
    lake.write(crashed, 2000, 3000);
    PendingCommit completed = crashed.preCommit(2, true);
    assertThat(completed.merges()).hasSize(2);

    AtomicInteger checks = new AtomicInteger();
    assertThatThrownBy(() -> crashed.commit(completed, () -> checks.incrementAndGet() < refusedCheck))
        .isInstanceOf(CommitFencedException.class);

    lake.rawWriter(0, completed);
    assertExactlyOnce(3000);
    assertThat(lake.visibleFiles()).hasSize(2);
  }

  @Test
  void recoveryRefusesACheckpointOlderThanFilesAlreadyCommitted() throws Exception {
    LakeWriter<RawRow> writer = lake.rawWriter(0, PendingCommit.initial("raw", 0));
    lake.write(writer, 0, 500);
    writer.commit(writer.preCommit(1, true), CommitGuard.ALWAYS);

    assertThatThrownBy(() -> lake.rawWriter(0, PendingCommit.initial("raw", 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("part-00000-000000.parquet")
        .hasMessageMatching("(?s).*part-00000-000000\\.parquet \\(staged parts \\[single-0\\.staged\\]\\).*");
    assertThat(DuckDb.count("SELECT count(*) FROM " + lake.rawTable())).isEqualTo(500);
  }

  @Test
  void recoveryFailsLoudlyWhenACarriedPartIsMissing() throws Exception {
    LakeWriter<RawRow> writer = lake.rawWriter(0, PendingCommit.initial("raw", 0));
    lake.write(writer, 0, 500);
    PendingCommit completed = writer.preCommit(1);
    java.nio.file.Files.delete(lake.hiddenFiles().get(0));

    assertThatThrownBy(() -> lake.rawWriter(0, completed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void aRecoveredWriterContinuesTheNumberingAndKeepsTheTimeBoundOfCarriedParts() throws Exception {
    LakeWriter<RawRow> first = lake.rawWriter(0, PendingCommit.initial("raw", 0));
    lake.write(first, 0, 100);
    lake.clock.advance(Duration.ofMinutes(2));
    first.commit(first.preCommit(1), CommitGuard.ALWAYS);
    lake.write(first, 100, 200);
    PendingCommit completed = first.preCommit(2);
    first.commit(completed, CommitGuard.ALWAYS);

    LakeWriter<RawRow> second = lake.rawWriter(0, completed);
    lake.clock.advance(Duration.ofSeconds(61));
    PendingCommit next = second.preCommit(3);
    assertThat(next.merges()).singleElement()
        .satisfies(m -> assertThat(m.target()).isEqualTo("part-00000-000001.parquet"));
    second.commit(next, CommitGuard.ALWAYS);
    assertExactlyOnce(200);
  }

  private void assertExactlyOnce(long rows) throws Exception {
    assertThat(DuckDb.query("SELECT count(*) AS n, count(DISTINCT message_id) AS ids, min(kafka_offset) AS lo, "
        + "max(kafka_offset) AS hi FROM " + lake.rawTable()))
        .containsExactly(java.util.Map.of("n", rows, "ids", rows, "lo", 0L, "hi", rows - 1));
    assertThat(LakeReader.readAll(RawRow.DATASET, lake.lake)).containsExactlyInAnyOrderElementsOf(lake.rows(0, rows));
    assertThat(lake.hiddenFiles()).isEmpty();
  }
}
