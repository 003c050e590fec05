package io.tidemark.lake.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.read.LakeReader;
import io.tidemark.lake.schema.Dataset;
import io.tidemark.lake.testing.DuckDb;
import io.tidemark.lake.testing.ManualClock;
import io.tidemark.lake.testing.TestRows;
import io.tidemark.lake.write.CommitGuard;
import io.tidemark.lake.write.LakeWriter;
import io.tidemark.lake.write.LakeWriterConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatasetsRoundTripTest {

  @TempDir Path dir;
  final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T10:00:00Z"));
  final TestRows rows = new TestRows(11);

  @Test
  void everyDatasetDeclaresUtcMillisTimestampsAndUtf8Strings() {
    for (Dataset<?> dataset : Datasets.all()) {
      String schema = dataset.parquetSchema().toString();
      dataset.columns().forEach(c -> {
        switch (c.type()) {
          case TIMESTAMP -> assertThat(schema).contains("int64 " + c.name() + " (TIMESTAMP(MILLIS,true))");
          case STRING -> assertThat(schema).contains("binary " + c.name() + " (STRING)");
          default -> { }
        }
      });
    }
    assertThat(Datasets.named("sessions")).contains(SessionRow.DATASET);
  }

  @ParameterizedTest
  @EnumSource(value = CompressionCodecName.class, names = {"ZSTD", "SNAPPY"})
  void sessionsRoundTripThroughDuckDbAndOurReader(CompressionCodecName codec) throws Exception {
    List<SessionRow> written = new ArrayList<>();
    for (int n = 0; n < 3000; n++) {
      written.add(rows.session(n, Instant.parse("2026-11-23T22:30:00Z")));
    }
    write(SessionRow.DATASET, written, LakeWriterConfig.DEFAULTS.withCompression(codec));

    String table = DuckDb.table(dir, "sessions");
    Map<String, String> types = DuckDb.query("DESCRIBE SELECT * FROM " + table).stream()
        .collect(Collectors.toMap(r -> (String) r.get("column_name"), r -> (String) r.get("column_type")));
    assertThat(types).containsEntry("session_start", "TIMESTAMP WITH TIME ZONE")
        .containsEntry("version", "BIGINT").containsEntry("is_deleted", "BOOLEAN")
        .containsEntry("entry_location", "VARCHAR").containsEntry("dt", "DATE");

    List<Map<String, Object>> db = DuckDb.query("SELECT session_id, version, is_deleted, user_id, "
        + "epoch_ms(session_start) AS s, epoch_ms(session_end) AS e, duration_ms, event_count, bounce, entry_location, "
        + "CAST(dt AS VARCHAR) AS dt FROM " + table + " ORDER BY CAST(substr(session_id, 6) AS INTEGER)");
    assertThat(db).hasSize(written.size());
    for (int i = 0; i < written.size(); i++) {
      SessionRow w = written.get(i);
      Map<String, Object> r = db.get(i);
      assertThat(r.get("session_id")).isEqualTo(w.sessionId());
      assertThat(r.get("version")).isEqualTo(w.version());
      assertThat(r.get("is_deleted")).isEqualTo(w.deleted());
      assertThat(r.get("user_id")).isEqualTo(w.userId());
      assertThat(r.get("s")).isEqualTo(w.sessionStart().toEpochMilli());
      assertThat(r.get("e")).isEqualTo(w.sessionEnd().toEpochMilli());
      assertThat(r.get("duration_ms")).isEqualTo(w.durationMs());
      assertThat(r.get("event_count")).isEqualTo(w.eventCount());
      assertThat(r.get("bounce")).isEqualTo(w.bounce());
      assertThat(r.get("entry_location")).isEqualTo(w.entryLocation());
      assertThat(r.get("dt")).isEqualTo(SessionRow.DATASET.partitionOf(w).toString());
    }
    assertThat(LakeReader.readAll(SessionRow.DATASET, lake())).containsExactlyInAnyOrderElementsOf(written);
  }

  @Test
  void lateRowsKeepTheRawColumnsAndTheirReason() throws Exception {
    Instant watermark = Instant.parse("2026-11-24T09:00:00Z");
    List<LateRow> written = new ArrayList<>();
    for (int n = 0; n < 500; n++) {
      written.add(rows.late(n, Instant.parse("2026-11-22T10:00:00Z"), watermark));
    }
    write(LateRow.DATASET, written, LakeWriterConfig.DEFAULTS);

    String table = DuckDb.table(dir, "late");
    assertThat(DuckDb.query("SELECT count(*) AS n, min(reason) AS reason, min(pipeline) AS pipeline, "
        + "min(epoch_ms(watermark)) AS wm, count(DISTINCT properties) AS props, min(CAST(dt AS VARCHAR)) AS dt FROM "
        + table))
        .containsExactly(Map.of("n", 500L, "reason", "behind-allowed-lateness", "pipeline", "sessionizer",
            "wm", watermark.toEpochMilli(),
            "props", written.stream().map(r -> r.event().properties()).distinct().count(), "dt", "2026-11-22"));
    assertThat(DuckDb.query("SELECT properties FROM " + table + " WHERE message_id = '"
        + written.get(7).event().messageId() + "'"))
        .containsExactly(Map.of("properties", written.get(7).event().properties()));
    assertThat(LakeReader.readAll(LateRow.DATASET, lake())).containsExactlyElementsOf(written);
  }

  private <R> void write(Dataset<R> dataset, List<R> written, LakeWriterConfig config) throws Exception {
    try (LakeWriter<R> writer = LakeWriter.forDataset(dataset).lake(lake()).task(0).config(config).clock(clock)
        .start(CommitGuard.ALWAYS)) {
      for (R row : written) {
        writer.write(row);
      }
      writer.commit(writer.preCommit(1, true), CommitGuard.ALWAYS);
    }
  }

  private Location lake() {
    return FileSystems.shared().resolve(dir.toString());
  }
}
