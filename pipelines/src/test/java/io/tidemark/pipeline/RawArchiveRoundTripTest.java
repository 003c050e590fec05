package io.tidemark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.bench.logs.ClientLogGenerator;
import io.tidemark.bench.logs.GenerateClientLogs;
import io.tidemark.bench.logs.LogFiles;
import io.tidemark.bench.logs.LogOptions;
import io.tidemark.engine.kafka.KafkaCoordinates;
import io.tidemark.events.Envelope;
import io.tidemark.events.EventJson;
import io.tidemark.events.EventType;
import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.read.LakeReader;
import io.tidemark.lake.schema.Column;
import io.tidemark.lake.write.CommitGuard;
import io.tidemark.lake.write.LakeWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw archive is the stored log replays read: envelope → {@code lake/raw} Parquet → envelope
 * is the identity for generated client events and for the fields they lack, read back by our
 * reader (one stream per Kafka partition, in offset order) and by DuckDB.
 */
class RawArchiveRoundTripTest {

  private static final String TOPIC = "tidemark.events";
  private static final int PARTITIONS = 3;

  @TempDir
  Path dir;

  @Test
  void everyEnvelopeFieldComesBackInEachPartitionsOffsetOrder() throws Exception {
    List<LoggedEvent> written = archive(events());
    Map<Integer, List<LoggedEvent>> expected = new TreeMap<>();
    written.forEach(e -> expected.computeIfAbsent(e.readAt().partition(), p -> new ArrayList<>()).add(e));

    List<Iterator<LoggedEvent>> streams = RawArchiveInput.streams(dir.resolve("lake/raw").toString(), null, null);

    assertThat(streams).hasSize(PARTITIONS);
    for (int p = 0; p < PARTITIONS; p++) {
      List<LoggedEvent> read = new ArrayList<>();
      streams.get(p).forEachRemaining(read::add);
      assertThat(read).as("partition %d, in offset order", p).containsExactlyElementsOf(expected.get(p));
    }
    // The archive's own file order (dt, then file) is not offset order: late uploads went to
    // earlier days' files. So the merge by offset is what restores the live order.
    List<Long> fileOrder = LakeReader.readAll(RawRow.DATASET, lake()).stream()
        .filter(r -> r.kafkaPartition() == 0).map(RawRow::kafkaOffset).toList();
    assertThat(fileOrder).isNotEqualTo(fileOrder.stream().sorted().toList());
  }

  @Test
  void duckDbReadsTheSameEnvelopesFromTheArchive() throws Exception {
    List<LoggedEvent> written = archive(events());

    List<LoggedEvent> read = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
        ResultSet r = st.executeQuery("""
            SELECT *, epoch_ms("timestamp") AS ts_ms, epoch_ms(original_timestamp) AS ots_ms,
                   epoch_ms(sent_at) AS sent_ms, epoch_ms(received_at) AS rcv_ms, CAST(dt AS VARCHAR) AS dt_text
            FROM read_parquet('%s/raw/dt=*/part-*.parquet', hive_partitioning = true)
            ORDER BY kafka_partition, kafka_offset""".formatted(dir.resolve("lake")))) {
      while (r.next()) {
        Envelope e = new Envelope(r.getString("message_id"), EventType.ofWireName(r.getString("type")),
            r.getString("event"), r.getString("name"), r.getString("category"), r.getString("anonymous_id"),
            r.getString("user_id"), r.getString("group_id"), r.getString("previous_id"), instant(r, "ts_ms"),
            instant(r, "ots_ms"), instant(r, "sent_ms"), instant(r, "rcv_ms"), r.getBoolean("timestamp_clamped"),
            r.getString("source"), json(r, "context"), json(r, "properties"), json(r, "traits"),
            json(r, "integrations"));
        assertThat(r.getString("dt_text")).isEqualTo(e.timestamp().toString().substring(0, 10));
        read.add(new LoggedEvent(e,
            new KafkaCoordinates(r.getString("kafka_topic"), r.getInt("kafka_partition"), r.getLong("kafka_offset"))));
      }
    }

    List<LoggedEvent> byOffset = new ArrayList<>(written);
    byOffset.sort((a, b) -> a.readAt().partition() != b.readAt().partition()
        ? Integer.compare(a.readAt().partition(), b.readAt().partition())
        : Long.compare(a.readAt().offset(), b.readAt().offset()));
    assertThat(read).containsExactlyElementsOf(byOffset);
  }

  @Test
  void theArchiveHasAColumnForEveryEnvelopeField() {
    List<String> columns = RawRow.DATASET.columns().stream().map(Column::name).toList();
    List<String> fields = Arrays.stream(Envelope.class.getDeclaredFields())
        .filter(f -> !java.lang.reflect.Modifier.isStatic(f.getModifiers()))
        .map(c -> c.getName().replaceAll("([A-Z])", "_$1").toLowerCase()).toList();
    assertThat(columns).containsAll(fields).contains("kafka_topic", "kafka_partition", "kafka_offset");
  }

  @Test
  void aFileHoldingSeveralPartitionsIsRefusedWithItsName() throws Exception {
    List<Envelope> events = events().subList(0, 10);
    try (LakeWriter<RawRow> w = LakeWriter.forDataset(RawRow.DATASET).lake(lake()).task(0).start(CommitGuard.ALWAYS)) {
      for (int i = 0; i < events.size(); i++) {
        w.write(RawRows.of(events.get(i), new KafkaCoordinates(TOPIC, i % 2, i)));
      }
      w.commit(w.preCommit(1, true), CommitGuard.ALWAYS);
    }

    assertThatThrownBy(() -> RawArchiveInput.streams(dir.resolve("lake/raw").toString(), null, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("part-00000-")
        .hasMessageContaining("mixes Kafka partitions");
  }

  /**
   * Generated client logs from 21:00 UTC, so sessions cross midnight and offline uploads land in
   * the previous day's files, plus the calls and fields the generator does not produce.
   */
  private List<Envelope> events() throws IOException {
    Path logs = dir.resolve("logs.ndjson");
    if (!logs.toFile().exists()) {
      GenerateClientLogs.write(new ClientLogGenerator(
          LogOptions.of(200, 6_000, 20261125, Instant.parse("2026-03-01T21:00:00Z"))), logs);
    }
    List<Envelope> events = new ArrayList<>(LogFiles.read(logs, "web"));
    Instant t = events.get(events.size() / 2).timestamp();
    events.add(100, envelope("g-1", EventType.GROUP, null, null, null, "grp-7", null, t, false,
        "{\"name\":\"Tidemark GmbH\",\"employees\":42,\"plan\":{\"tier\":\"pro\",\"seats\":[1,2.5,null]}}"));
    events.add(200, envelope("a-1", EventType.ALIAS, null, null, null, null, "anon-old", t, false, "{}"));
    events.add(300, envelope("p-1", EventType.PAGE, "Kühlschrank – Größe L ✓", "Küche", null, null, null, t, false,
        "{}"));
    events.add(400, envelope("c-1", EventType.TRACK, null, null, "Clamped 🌊", null, null, t, true, "{}"));
    return events;
  }

  private static Envelope envelope(String id, EventType type, String name, String category, String event,
      String groupId, String previousId, Instant t, boolean clamped, String traits) throws IOException {
    return new Envelope(id, type, event, name, category, "anon-" + id, "user-" + id, groupId, previousId, t,
        t.minusMillis(1234), t.plusSeconds(2), t.plusSeconds(3), clamped, "web",
        (ObjectNode) EventJson.mapper().readTree("{\"page\":{\"path\":\"/k\\u00fc\"},\"ip\":\"10.0.0.1\"}"),
        (ObjectNode) EventJson.mapper().readTree("{\"price\":1.0E-7,\"big\":12345678901234567890,\"x\":[{}]}"),
        (ObjectNode) EventJson.mapper().readTree(traits),
        (ObjectNode) EventJson.mapper().readTree("{\"All\":false,\"Mixpanel\":true}"));
  }

  /**
   * Writes {@code events} as a live job would: partition by key, offsets in arrival order, each
   * partition's task committing every 500 events (so each day has several files per task).
   */
  private List<LoggedEvent> archive(List<Envelope> events) throws IOException {
    List<LoggedEvent> logged = new ArrayList<>();
    long[] next = new long[PARTITIONS];
    for (Envelope e : events) {
      int p = Math.floorMod(e.partitionKey().hashCode(), PARTITIONS);
      logged.add(new LoggedEvent(e, new KafkaCoordinates(TOPIC, p, next[p]++)));
    }
    for (int p = 0; p < PARTITIONS; p++) {
      try (LakeWriter<RawRow> w = LakeWriter.forDataset(RawRow.DATASET).lake(lake()).task(p)
          .start(CommitGuard.ALWAYS)) {
        long checkpoint = 0;
        int rows = 0;
        for (LoggedEvent e : logged) {
          if (e.readAt().partition() == p) {
            w.write(RawRows.of(e));
            if (++rows % 500 == 0) {
              w.commit(w.preCommit(++checkpoint, true), CommitGuard.ALWAYS);
            }
          }
        }
        w.commit(w.preCommit(++checkpoint, true), CommitGuard.ALWAYS);
      }
    }
    return logged;
  }

  private Location lake() {
    return FileSystems.shared().resolve(dir.resolve("lake").toString());
  }

  private static Instant instant(ResultSet r, String column) throws java.sql.SQLException {
    long ms = r.getLong(column);
    return r.wasNull() ? null : Instant.ofEpochMilli(ms);
  }

  private static ObjectNode json(ResultSet r, String column) throws Exception {
    return (ObjectNode) EventJson.mapper().readTree(r.getString(column));
  }
}
