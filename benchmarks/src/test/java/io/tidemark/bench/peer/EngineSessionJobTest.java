package io.tidemark.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.bench.logs.ClientLogGenerator;
import io.tidemark.bench.logs.DuckDbEvents;
import io.tidemark.bench.logs.GenerateClientLogs;
import io.tidemark.bench.logs.LogOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps our side of the peer benchmark honest: on generated client logs (out of order, late uploads,
 * retried duplicates), two tasks with RocksDB state and frequent checkpoints find as many sessions as
 * DuckDB's SQL over the same lines, and drop no event as too late.
 */
class EngineSessionJobTest {

  @TempDir
  Path dir;

  @Test
  void countsTheSessionsDuckDbCounts() throws Exception {
    Path logs = dir.resolve("logs.ndjson");
    long lines = GenerateClientLogs.write(new ClientLogGenerator(
        LogOptions.of(400, 20_000, 7, Instant.parse("2026-03-01T00:00:00Z"))), logs);
    Files.createDirectories(dir.resolve("work"));
    JobOptions o = new JobOptions(logs, 2, 50, JobOptions.DEFAULT_GAP_MS, JobOptions.DEFAULT_LATENESS_MS, 5_000,
        "rocksdb", null);

    ResultLine r = EngineSessionJob.run(o, dir.resolve("work"));

    long duckDb = DuckDbEvents.sessionCount(logs, false, JobOptions.DEFAULT_GAP_MS);
    assertThat(duckDb).isGreaterThan(1_000);
    assertThat(r.get("events")).isEqualTo(lines);
    assertThat(r.get("lateDropped")).isEqualTo(0L);
    assertThat(r.get("sessions")).isEqualTo(duckDb);
  }

  @Test
  void withoutLatenessTheLateUploadsAreDroppedAndCounted() throws Exception {
    Path logs = dir.resolve("logs.ndjson");
    GenerateClientLogs.write(new ClientLogGenerator(
        LogOptions.of(200, 5_000, 3, Instant.parse("2026-03-01T00:00:00Z"))), logs);
    Files.createDirectories(dir.resolve("work"));
    JobOptions o = new JobOptions(logs, 2, 10_000, JobOptions.DEFAULT_GAP_MS, 0, 5_000, "rocksdb", null);

    ResultLine r = EngineSessionJob.run(o, dir.resolve("work"));

    assertThat((Long) r.get("lateDropped")).isPositive();
  }
}
