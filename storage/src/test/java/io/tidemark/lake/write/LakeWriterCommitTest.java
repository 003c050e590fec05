package io.tidemark.lake.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.read.LakeReader;
import io.tidemark.lake.testing.DuckDb;
import io.tidemark.lake.testing.LakeFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeWriterCommitTest {

  @TempDir Path dir;
  LakeFixture lake;

  @BeforeEach
  void setUp() {
    lake = new LakeFixture(dir);
  }

  @Test
  void rowsOfSeveralCheckpointsBecomeOneVisibleFilePerPartitionOnceTheTimeBoundIsReached() throws Exception {
    LakeWriter<RawRow> writer = lake.rawWriter(3, PendingCommit.initial("raw", 3));

    // 3000 rows, 3 s apart from 23:00 UTC: rows 0..1199 fall on 2026-11-23, 1200..2999 on 2026-11-24.
    lake.write(writer, 0, 1000);
    PendingCommit p1 = writer.preCommit(1);
    writer.commit(p1, CommitGuard.ALWAYS);
    assertThat(lake.visibleFiles()).isEmpty();

    lake.clock.advance(Duration.ofSeconds(30));
    lake.write(writer, 1000, 2000);
    PendingCommit p2 = writer.preCommit(2);
    writer.commit(p2, CommitGuard.ALWAYS);
    assertThat(lake.visibleFiles()).isEmpty();
    assertThat(p2.merges()).isEmpty();
    assertThat(p2.carried()).extracting(PendingCommit.StagedGroup::dt).containsExactly("2026-11-23", "2026-11-24");

    lake.clock.advance(Duration.ofSeconds(31));
    lake.write(writer, 2000, 3000);
    PendingCommit p3 = writer.preCommit(3);
    // The dt first opened 61 s ago is due; the other (opened 31 s ago) waits. Nothing shows before commit.
    assertThat(p3.merges()).extracting(PendingCommit.Merge::dt).containsExactly("2026-11-23");
    assertThat(lake.visibleFiles()).isEmpty();
    writer.commit(p3, CommitGuard.ALWAYS);
    assertThat(lake.visibleFiles()).extracting(p -> dir.relativize(p).toString())
        .containsExactly("raw/dt=2026-11-23/part-00003-000000.parquet");

    lake.clock.advance(Duration.ofSeconds(60));
    PendingCommit p4 = writer.preCommit(4);
    writer.commit(p4, CommitGuard.ALWAYS);
    writer.close();

    assertThat(lake.visibleFiles()).extracting(p -> dir.relativize(p).toString()).containsExactly(
        "raw/dt=2026-11-23/part-00003-000000.parquet", "raw/dt=2026-11-24/part-00003-000001.parquet");
    assertThat(lake.hiddenFiles()).isEmpty();
    assertThat(p4.nextSeq()).isEqualTo(2);

    List<Map<String, Object>> perDay = DuckDb.query("SELECT CAST(dt AS VARCHAR) AS dt, count(*) AS n, "
        + "count(DISTINCT message_id) AS ids FROM " + lake.rawTable() + " GROUP BY dt ORDER BY dt");
    assertThat(perDay).containsExactly(
        Map.of("dt", "2026-11-23", "n", 1200L, "ids", 1200L), Map.of("dt", "2026-11-24", "n", 1800L, "ids", 1800L));
    assertSameRowsInDuckDb(lake.rows(0, 3000));
    assertThat(LakeReader.readAll(RawRow.DATASET, lake.lake)).containsExactlyElementsOf(lake.rows(0, 3000));
  }

  @Test
  void rowsAlternatingBetweenDays_andFilesStagedWhenBig_eachLandInTheirDay() throws Exception {
    lake.config = LakeWriterConfig.DEFAULTS.withTargetFileBytes(1); // every open file is staged at its size check
    LakeWriter<RawRow> writer = lake.rawWriter(0, PendingCommit.initial("raw", 0));
    // rows 0..1199 fall on 2026-11-23, 1200..2999 on 2026-11-24. First a run of each day (day 2's open file is
    // staged after 1024 rows and the run goes on in a new one), then rows switching days at every row.
    List<Long> order = new ArrayList<>();
    for (long n = 0; n < 900; n++) {
      order.add(n);
    }
    for (long n = 1200; n < 2400; n++) {
      order.add(n);
    }
    for (long n = 0; n < 600; n++) {
      if (n < 300) {
        order.add(900 + n);
      }
      order.add(2400 + n);
    }
    List<RawRow> written = new ArrayList<>();
    for (long n : order) {
      RawRow r = lake.row(n);
      writer.write(r);
      written.add(r);
    }
    writer.commit(writer.preCommit(1, true), CommitGuard.ALWAYS);
    writer.close();

    assertThat(written).extracting(RawRow::messageId).doesNotHaveDuplicates();
    assertThat(LakeReader.readAll(RawRow.DATASET, lake.lake)).containsExactlyInAnyOrderElementsOf(written);
    List<Map<String, Object>> perDay = DuckDb.query("SELECT CAST(dt AS VARCHAR) AS dt, count(*) AS n, "
        + "count(*) FILTER (WHERE CAST(\"timestamp\" AS DATE) = dt) AS own FROM " + lake.rawTable()
        + " GROUP BY dt ORDER BY dt");
    assertThat(perDay).containsExactly(
        Map.of("dt", "2026-11-23", "n", 1200L, "own", 1200L), Map.of("dt", "2026-11-24", "n", 1800L, "own", 1800L));
  }

  @Test
  void mergingCopiesRowGroupsWithoutReencoding() throws Exception {
    LakeWriter<RawRow> writer = lake.rawWriter(0, PendingCommit.initial("raw", 0));
    long rows = 0;
    for (int checkpoint = 1; checkpoint <= 4; checkpoint++) {
      lake.write(writer, rows, rows + 100);
      rows += 100;
      writer.commit(writer.preCommit(checkpoint), CommitGuard.ALWAYS);
    }
    PendingCommit last = writer.preCommit(5, true);
    assertThat(last.merges()).singleElement().satisfies(m -> assertThat(m.parts()).hasSize(4));
    writer.commit(last, CommitGuard.ALWAYS);

    Path file = lake.visibleFiles().get(0);
    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), lake.lake.fs().getConf()))) {
      assertThat(reader.getRowGroups()).hasSize(4).allSatisfy(g -> assertThat(g.getRowCount()).isEqualTo(100));
      assertThat(reader.getFileMetaData().getKeyValueMetaData()).containsEntry("tidemark.dataset", "raw");
    }
    assertSameRowsInDuckDb(lake.rows(0, 400));
  }

  @Test
  void partitionsReachingTheTargetSizeAreCommittedAsFilesOfAboutThatSize() throws Exception {
    long target = 40 * 1024; // about three checkpoints of 150 rows
    lake.config = lake.config.withTargetFileBytes(target).withRollInterval(Duration.ofHours(1));
    LakeWriter<RawRow> writer = lake.rawWriter(1, PendingCommit.initial("raw", 1));
    // All on one day: rows 0..1199.
    long n = 0;
    List<PendingCommit> pendings = new ArrayList<>();
    for (int checkpoint = 1; n < 1200; checkpoint++) {
      lake.write(writer, n, Math.min(n + 150, 1200));
      n = Math.min(n + 150, 1200);
      PendingCommit p = writer.preCommit(checkpoint);
      pendings.add(p);
      writer.commit(p, CommitGuard.ALWAYS);
    }
    List<Path> sizeBound = lake.visibleFiles();
    List<PendingCommit.Merge> merges = pendings.stream().flatMap(p -> p.merges().stream()).distinct().toList();
    assertThat(merges).hasSize(sizeBound.size()).isNotEmpty();
    for (PendingCommit.Merge merge : merges) {
      long staged = merge.parts().stream().mapToLong(PendingCommit.StagedPart::bytes).sum();
      long withoutLast = staged - merge.parts().get(merge.parts().size() - 1).bytes();
      assertThat(staged).isGreaterThanOrEqualTo(target);
      assertThat(withoutLast).isLessThan(target);
    }
    for (Path file : sizeBound) {
      // One footer instead of one per part: a little smaller than the parts together.
      assertThat(Files.size(file)).isBetween(target * 8 / 10, target * 2);
    }
    writer.commit(writer.preCommit(100, true), CommitGuard.ALWAYS);
    List<Path> all = lake.visibleFiles();
    assertThat(all).hasSize(sizeBound.size() + (pendings.get(pendings.size() - 1).carried().isEmpty() ? 0 : 1));
    assertThat(DuckDb.count("SELECT count(*) FROM " + lake.rawTable())).isEqualTo(1200);
    assertSameRowsInDuckDb(lake.rows(0, 1200));
  }

  @Test
  void aFileThatOutgrowsTheTargetBetweenCheckpointsIsStagedEarlyAndStillCommittedOnce() throws Exception {
    lake.config = lake.config.withTargetFileBytes(64 * 1024).withRowGroupBytes(16 * 1024);
    LakeWriter<RawRow> writer = lake.rawWriter(2, PendingCommit.initial("raw", 2));
    lake.write(writer, 0, 1200);
    PendingCommit p = writer.preCommit(1);
    assertThat(p.merges()).singleElement().satisfies(m -> assertThat(m.parts().size()).isGreaterThan(1));
    writer.commit(p, CommitGuard.ALWAYS);
    assertThat(lake.visibleFiles()).hasSize(1);
    assertThat(lake.hiddenFiles()).isEmpty();
    assertSameRowsInDuckDb(lake.rows(0, 1200));
  }

  @Test
  void tasksWriteTheirOwnFilesIntoTheSamePartition() throws Exception {
    LakeWriter<RawRow> a = lake.rawWriter(0, PendingCommit.initial("raw", 0));
    LakeWriter<RawRow> b = lake.rawWriter(1, PendingCommit.initial("raw", 1));
    lake.write(a, 0, 500);
    lake.write(b, 500, 1000);
    a.commit(a.preCommit(1, true), CommitGuard.ALWAYS);
    b.commit(b.preCommit(1, true), CommitGuard.ALWAYS);
    assertThat(lake.visibleFiles()).extracting(p -> dir.relativize(p).toString()).containsExactly(
        "raw/dt=2026-11-23/part-00000-000000.parquet", "raw/dt=2026-11-23/part-00001-000000.parquet");
    assertSameRowsInDuckDb(lake.rows(0, 1000));
    assertThat(LakeReader.read(RawRow.DATASET, lake.lake, LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-23")))
        .containsExactlyElementsOf(lake.rows(0, 1000));
    assertThat(LakeReader.read(RawRow.DATASET, lake.lake, LocalDate.parse("2026-11-24"), null)).isEmpty();
  }

  @Test
  void aCheckpointThatNeverCompletesHasItsMergesCommittedByTheNextOne() throws Exception {
    LakeWriter<RawRow> writer = lake.rawWriter(0, PendingCommit.initial("raw", 0));
    lake.write(writer, 0, 500);
    lake.clock.advance(Duration.ofMinutes(2));
    PendingCommit aborted = writer.preCommit(1);
    assertThat(aborted.merges()).hasSize(1);

    lake.write(writer, 500, 1000);
    lake.clock.advance(Duration.ofMinutes(2));
    PendingCommit next = writer.preCommit(2);
    assertThat(next.merges()).hasSize(2).containsAll(aborted.merges());
    writer.commit(next, CommitGuard.ALWAYS);
    assertThat(writer.preCommit(3).merges()).isEmpty();
    assertThat(lake.visibleFiles()).hasSize(2);
    assertSameRowsInDuckDb(lake.rows(0, 1000));
  }

  @Test
  void commitRunTwiceLeavesTheSameFiles() throws Exception {
    LakeWriter<RawRow> writer = lake.rawWriter(0, PendingCommit.initial("raw", 0));
    lake.write(writer, 0, 800);
    writer.commit(writer.preCommit(1), CommitGuard.ALWAYS);
    lake.write(writer, 800, 1600);
    PendingCommit p = writer.preCommit(2, true);
    List<Location> first = writer.commit(p, CommitGuard.ALWAYS);
    Map<Path, byte[]> before = contents(lake.visibleFiles());

    List<Location> second = new LakeCommitter(new io.tidemark.lake.LakeLayout(lake.lake, "raw"))
        .commit(PendingCommit.fromJson(p.toJson()), CommitGuard.ALWAYS);

    assertThat(first).hasSize(2);
    assertThat(second).isEmpty();
    Map<Path, byte[]> after = contents(lake.visibleFiles());
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((file, bytes) -> assertThat(after.get(file)).isEqualTo(bytes));
    assertSameRowsInDuckDb(lake.rows(0, 1600));
  }

  @Test
  void aGuardThatRefusesStopsTheCommitBeforeAnyRename() throws Exception {
    LakeWriter<RawRow> writer = lake.rawWriter(0, PendingCommit.initial("raw", 0));
    lake.write(writer, 0, 500);
    writer.commit(writer.preCommit(1), CommitGuard.ALWAYS);
    lake.write(writer, 500, 2000);
    PendingCommit p = writer.preCommit(2, true);
    List<Path> staged = lake.hiddenFiles();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.commit(p, () -> false))
        .isInstanceOf(CommitFencedException.class);

    assertThat(lake.visibleFiles()).isEmpty();
    assertThat(lake.hiddenFiles()).containsAll(staged);
    writer.commit(p, CommitGuard.ALWAYS);
    assertSameRowsInDuckDb(lake.rows(0, 2000));
  }

  private void assertSameRowsInDuckDb(List<RawRow> expected) {
    List<Map<String, Object>> actual = DuckDb.query("SELECT message_id, type, event, name, category, anonymous_id, "
        + "user_id, group_id, previous_id, epoch_ms(timestamp) AS ts, epoch_ms(original_timestamp) AS ots, "
        + "epoch_ms(sent_at) AS sent, epoch_ms(received_at) AS recv, timestamp_clamped, source, context, properties, "
        + "traits, integrations, kafka_topic, kafka_partition, kafka_offset, "
        + "CAST(dt AS VARCHAR) AS dt FROM " + lake.rawTable() + " ORDER BY kafka_offset");
    List<RawRow> sorted = new ArrayList<>(expected);
    sorted.sort(Comparator.comparing(RawRow::kafkaOffset));
    assertThat(actual).hasSize(sorted.size());
    for (int i = 0; i < sorted.size(); i++) {
      RawRow e = sorted.get(i);
      Map<String, Object> a = actual.get(i);
      assertThat(a.get("message_id")).isEqualTo(e.messageId());
      assertThat(a.get("type")).isEqualTo(e.type());
      assertThat(a.get("event")).isEqualTo(e.event());
      assertThat(a.get("name")).isEqualTo(e.name());
      assertThat(a.get("category")).isEqualTo(e.category());
      assertThat(a.get("anonymous_id")).isEqualTo(e.anonymousId());
      assertThat(a.get("user_id")).isEqualTo(e.userId());
      assertThat(a.get("group_id")).isEqualTo(e.groupId());
      assertThat(a.get("previous_id")).isEqualTo(e.previousId());
      assertThat(a.get("ts")).isEqualTo(e.timestamp().toEpochMilli());
      assertThat(a.get("ots")).isEqualTo(e.originalTimestamp().toEpochMilli());
      assertThat(a.get("sent")).isEqualTo(e.sentAt().toEpochMilli());
      assertThat(a.get("recv")).isEqualTo(e.receivedAt().toEpochMilli());
      assertThat(a.get("timestamp_clamped")).isEqualTo(e.timestampClamped());
      assertThat(a.get("source")).isEqualTo(e.source());
      assertThat(a.get("context")).isEqualTo(e.context());
      assertThat(a.get("properties")).isEqualTo(e.properties());
      assertThat(a.get("traits")).isEqualTo(e.traits());
      assertThat(a.get("integrations")).isEqualTo(e.integrations());
      assertThat(a.get("kafka_topic")).isEqualTo(e.kafkaTopic());
      assertThat(a.get("kafka_partition")).isEqualTo(e.kafkaPartition());
      assertThat(a.get("kafka_offset")).isEqualTo(e.kafkaOffset());
      assertThat(a.get("dt")).isEqualTo(RawRow.DATASET.partitionOf(e).toString());
    }
  }

  private static Map<Path, byte[]> contents(List<Path> files) throws Exception {
    Map<Path, byte[]> map = new java.util.TreeMap<>();
    for (Path f : files) {
      map.put(f, Files.readAllBytes(f));
    }
    return map;
  }
}
