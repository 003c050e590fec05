package io.tidemark.bench.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.bench.logs.ClientLogGenerator;
import io.tidemark.bench.logs.DuckDbEvents;
import io.tidemark.bench.logs.GenerateClientLogs;
import io.tidemark.bench.logs.LogOptions;
import io.tidemark.bench.peer.JobOptions;
import io.tidemark.bench.peer.ResultLine;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the Flink peer honest: on generated client logs (out of order, late uploads, retried
 * duplicates) its session windows find as many sessions as DuckDB's SQL over the same lines, on both
 * state backends, with checkpoints running, and no event is dropped as too late.
 */
class FlinkSessionJobTest {

  @TempDir
  static Path dir;

  static Path logs;
  static long lines;

  @BeforeAll
  static void generate() throws Exception {
    logs = dir.resolve("logs.ndjson");
    lines = GenerateClientLogs.write(new ClientLogGenerator(
        LogOptions.of(400, 20_000, 7, Instant.parse("2026-03-01T00:00:00Z"))), logs);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rocksdb", "hashmap"})
  void countsTheSessionsDuckDbCounts(String backend) throws Exception {
    JobOptions o = new JobOptions(logs, 2, 300, JobOptions.DEFAULT_GAP_MS, JobOptions.DEFAULT_LATENESS_MS, 5_000,
        backend, null);
    ResultLine r = FlinkSessionJob.run(o, dir.resolve("work-" + backend));

    long duckDb = DuckDbEvents.sessionCount(logs, false, JobOptions.DEFAULT_GAP_MS);
    assertThat(duckDb).isGreaterThan(1_000);
    assertThat(r.get("events")).isEqualTo(lines);
    assertThat(r.get("lateDropped")).isEqualTo(0L);
    assertThat(r.get("sessions")).isEqualTo(duckDb);
    assertThat((Long) r.get("emitted")).isGreaterThanOrEqualTo(duckDb);
  }
}
