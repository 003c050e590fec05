package io.tidemark.lake.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.read.LakeReader;
import io.tidemark.lake.read.RowCursor;
import io.tidemark.lake.testing.DuckDb;
import io.tidemark.lake.testing.LakeFixture;
import io.tidemark.lake.testing.TestRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures writing raw-archive rows (about 600 bytes of JSON each) through the whole protocol:
 * checkpoints every 100k rows, then commit. Prints the numbers to the test output
 * (target/surefire-reports/*-output.txt) and to target/lake-throughput.txt.
 */
class WriteThroughputTest {

  private static final int ROWS = 400_000;
  private static final int DISTINCT = 20_000;

  @TempDir Path dir;

  @Test
  void measuresRawRowsPerSecondThroughPreCommitAndCommit() throws Exception {
    TestRows generator = new TestRows(5);
    Instant start = Instant.parse("2026-11-24T00:00:00Z");
    List<RawRow> templates = new ArrayList<>(DISTINCT);
    long jsonChars = 0;
    for (int i = 0; i < DISTINCT; i++) {
      RawRow r = generator.raw(i, start, Duration.ofMillis(100));
      templates.add(r);
      jsonChars += r.context().length() + r.properties().length() + r.integrations().length();
    }
    LakeFixture lake = new LakeFixture(dir);
    LakeWriter<RawRow> writer = lake.rawWriter(0, PendingCommit.initial("raw", 0));

    // Warm up the JIT on a different task, outside the measurement.
    LakeWriter<RawRow> warmup = lake.rawWriter(9, PendingCommit.initial("raw", 9));
    for (int i = 0; i < 50_000; i++) {
      warmup.write(variant(templates.get(i % DISTINCT), i, start));
    }
    warmup.close();
    lake.rawWriter(9, PendingCommit.initial("raw", 9)).close(); // recovery removes the warm-up's files

    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    long checkpoint = 0;
    for (int i = 0; i < ROWS; i++) {
      writer.write(variant(templates.get(i % DISTINCT), i, start));
      if ((i + 1) % 100_000 == 0) {
        writer.commit(writer.preCommit(++checkpoint, i + 1 == ROWS), CommitGuard.ALWAYS);
      }
    }
    double writeSeconds = (System.nanoTime() - t0) / 1e9;
    double writeCpuSeconds = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;

    List<Path> files = lake.visibleFiles();
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    long t1 = System.nanoTime();
    long read = 0;
    try (RowCursor<RawRow> cursor = LakeReader.open(RawRow.DATASET, lake.lake, null, null)) {
      while (cursor.hasNext()) {
        cursor.next();
        read++;
      }
    }
    double readSeconds = (System.nanoTime() - t1) / 1e9;

    String report = String.format(
        "lake write: %,d raw rows (avg %d chars of JSON) in %.2f s = %,.0f rows/s (%,.0f rows per CPU-second of the writing thread); %d file(s), %,d bytes, %.0f bytes/row"
            + " (ZSTD 3); read back with LakeReader at %,.0f rows/s",
        ROWS, jsonChars / DISTINCT, writeSeconds, ROWS / writeSeconds, ROWS / writeCpuSeconds, files.size(), bytes, (double) bytes / ROWS,
        read / readSeconds);
    System.out.println(report);
    Files.writeString(Path.of("target", "lake-throughput.txt"), report + System.lineSeparator());

    assertThat(read).isEqualTo(ROWS);
    assertThat(files).hasSize(1);
    assertThat(DuckDb.count("SELECT count(DISTINCT kafka_offset) FROM " + lake.rawTable())).isEqualTo(ROWS);
  }

  /** A distinct row per index, sharing the template's JSON: ids, offsets and times differ. */
  private static RawRow variant(RawRow t, long i, Instant start) {
    Instant ts = start.plusMillis(i * 100);
    return new RawRow("m-" + i, t.type(), t.event(), t.name(), t.category(), t.anonymousId(), t.userId(), t.groupId(),
        t.previousId(), ts, ts, ts, ts.plusMillis(40), t.timestampClamped(), t.source(), t.context(), t.properties(),
        t.traits(), t.integrations(), t.kafkaTopic(), 0, i);
  }
}
