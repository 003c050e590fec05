package io.tidemark.lake.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.fs.ParquetFiles;
import io.tidemark.lake.testing.TestRows;
import io.tidemark.lake.write.CommitGuard;
import io.tidemark.lake.write.LakeWriter;
import io.tidemark.lake.write.LakeWriterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColumnRangeTest {

  @TempDir Path dir;

  @Test
  void of_readsRowsNullsAndBoundsOfEachColumnFromTheFooter() throws Exception {
    TestRows gen = new TestRows(5);
    List<RawRow> rows = new ArrayList<>();
    for (long n = 100; n < 4100; n++) {
      rows.add(gen.raw(n, Instant.parse("2026-11-24T00:00:00Z"), Duration.ofMillis(10)));
    }
    // small row groups: the bounds must be merged over several of them
    Location file = writeOneFile(rows, LakeWriterConfig.DEFAULTS.withRowGroupBytes(64 * 1024));
    try (ParquetFileReader reader = ParquetFileReader.open(ParquetFiles.input(file))) {
      assertThat(reader.getFooter().getBlocks()).hasSizeGreaterThan(1);
    }

    List<ColumnRange> r = ColumnRange.of(file,
        List.of("kafka_topic", "kafka_partition", "kafka_offset", "user_id", "no_such_column"));

    assertThat(r.get(0)).isEqualTo(new ColumnRange("kafka_topic", 4000, 0, "tidemark.events", "tidemark.events"));
    assertThat(r.get(0).single()).isTrue();
    assertThat(r.get(1)).isEqualTo(new ColumnRange("kafka_partition", 4000, 0, 3, 3));
    assertThat(r.get(2)).isEqualTo(new ColumnRange("kafka_offset", 4000, 0, 100L, 4099L));
    assertThat(r.get(2).single()).isFalse();
    assertThat(r.get(3).nulls()).isEqualTo(rows.stream().filter(x -> x.userId() == null).count()).isPositive();
    assertThat(r.get(4).allNull()).as("a column the file does not have").isTrue();
  }

  @Test
  void of_reportsAColumnWithoutValuesAsAllNull() throws Exception {
    RawRow t = new TestRows(6).raw(1, Instant.parse("2026-11-24T00:00:00Z"), Duration.ofSeconds(1));
    RawRow noCoordinates = new RawRow(t.messageId(), t.type(), t.event(), t.name(), t.category(), t.anonymousId(),
        t.userId(), t.groupId(), t.previousId(), t.timestamp(), t.originalTimestamp(), t.sentAt(), t.receivedAt(),
        t.timestampClamped(), t.source(), t.context(), t.properties(), t.traits(), t.integrations(), null, null, null);
    Location file = writeOneFile(List.of(noCoordinates), LakeWriterConfig.DEFAULTS);

    ColumnRange partition = ColumnRange.of(file, List.of("kafka_partition")).get(0);

    assertThat(partition).isEqualTo(new ColumnRange("kafka_partition", 1, 1, null, null));
    assertThat(partition.allNull()).isTrue();
    assertThat(partition.single()).isFalse();
  }

  private Location writeOneFile(List<RawRow> rows, LakeWriterConfig config) throws Exception {
    Location lake = FileSystems.shared().resolve(dir.toString());
    try (LakeWriter<RawRow> w = LakeWriter.forDataset(RawRow.DATASET).lake(lake).task(0).config(config)
        .start(CommitGuard.ALWAYS)) {
      for (RawRow r : rows) {
        w.write(r);
      }
      w.commit(w.preCommit(1, true), CommitGuard.ALWAYS);
    }
    List<Location> files = LakeReader.files(lake, "raw", null, null);
    assertThat(files).hasSize(1);
    return files.get(0);
  }
}
