package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidemark.bench.logs.ClientLogGenerator;
import io.tidemark.bench.logs.DuckDbSessions;
import io.tidemark.bench.logs.GenerateClientLogs;
import io.tidemark.bench.logs.LogOptions;
import io.tidemark.engine.checkpoint.TaskCheckpoint;
import io.tidemark.events.Topics;
import io.tidemark.gateway.GatewayConfig;
import io.tidemark.gateway.GatewayServer;
import io.tidemark.kafka.EmbeddedKafka;
import io.tidemark.lake.datasets.SessionRow;
import io.tidemark.pipeline.LiveJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, end to end: seeded client logs (hundreds of devices, SDK batches interleaved, offline
 * sessions uploaded hours late, retried batches) go over HTTP as Segment {@code /v1/batch}
 * requests through a real gateway into a real broker. The worker is a separate {@code tidemark
 * worker} JVM, killed with SIGKILL after it has checkpointed, while the SDKs keep sending, and
 * started again. Then the sessions the live run wrote equal, row for row, an independent DuckDB SQL
 * sessionization of the same log, and equal what {@code tidemark replay} computes from that log
 * and from the live raw archive.
 *
 * <p>What the live run needs to close sessions: a session is written once its partition's
 * watermark (largest event time seen there − 5 s) passes its last event + 30 min. The log's last
 * sessions only close when later traffic arrives, so the test ends with one trailing event per
 * partition, an hour after the log's last one. Those trailing events' own sessions stay open.
 */
class LiveSessionsThroughGatewayKillTest {

  private static final int PARTITIONS = 4;
  private static final int DEVICES = 400;
  private static final int EVENTS = 24_000;
  private static final String WRITE_KEY = "kill-test-key";
  private static final String SOURCE = "web-and-apps";
  private static final String TRAILING = "trailing-device-";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void liveSessionsAcrossKill9EqualTheSqlReferenceAndBothReplays() throws Exception {
    Path logs = dir.resolve("logs.ndjson");
    GenerateClientLogs.write(new ClientLogGenerator(
        LogOptions.of(DEVICES, EVENTS, 20261124, Instant.parse("2026-03-01T06:00:00Z"))), logs);
    List<String> lines = Files.readAllLines(logs, StandardCharsets.UTF_8);
    assertInputHasDuplicatesAndHoursLateUploads(lines);
    List<SdkTraffic.Batch> batches = SdkTraffic.batches(lines);
    List<SdkTraffic.Batch> trailing = trailingBatches(lines);
    String lake = WorkerProcess.lake(dir);

    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      kafka.createTopics(PARTITIONS, Topics.EVENTS);
      kafka.createTopics(1, Topics.REJECTED);
      AtomicReference<Instant> clock = new AtomicReference<>(Instant.EPOCH);
      GatewayConfig config = GatewayConfig.defaults(kafka.bootstrapServers()).withHost("127.0.0.1").withPort(0)
          .withWriteKey(WRITE_KEY, SOURCE).withClock(clock::get)
          // one request in flight at a time: answer as soon as Kafka has it rather than lingering
          .withKafkaProducer(Map.of("linger.ms", "0"));
      try (GatewayServer gateway = GatewayServer.start(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
        SdkTraffic sdks = new SdkTraffic(gateway.port(), WRITE_KEY, clock);
        int n = batches.size();

        WorkerProcess first = WorkerProcess.start(kafka.bootstrapServers(), dir, "worker-1");
        sdks.send(batches.subList(0, n * 3 / 10));
        awaitCheckpointOfEveryPartitionWithData(first);
        sdks.send(batches.subList(n * 3 / 10, n * 4 / 10));
        first.kill9();
        assertThat(first.process().exitValue()).as("SIGKILL").isEqualTo(137);

        sdks.send(batches.subList(n * 4 / 10, n * 6 / 10)); // no worker runs: Kafka keeps them
        WorkerProcess second = WorkerProcess.start(kafka.bootstrapServers(), dir, "worker-2");
        sdks.send(batches.subList(n * 6 / 10, n));
        sdks.send(trailing);
        assertThat(sdks.events()).isEqualTo(lines.size() + PARTITIONS);

        awaitEverythingCommitted(admin, second);
        assertThat(second.output()).as("the second worker resumed from the first one's checkpoints")
            .contains("restored checkpoint");
        assertThat(second.stop()).as("exit after SIGTERM\n%s", second.output()).isIn(0, 143);
      }
    }

    List<SessionRow> reference = DuckDbSessions.of(logs, SOURCE, Set.of());
    assertThat(reference).hasSizeGreaterThan(1_000);

    // (a) the live run, read with DuckDB and with our reader
    List<SessionRow> live = LakeSessions.withDuckDb(lake);
    assertThat(live).as("live sessions = DuckDB reference, row for row").containsExactlyElementsOf(reference);
    assertThat(LakeSessions.withLakeReader(lake)).as("read with LakeReader").containsExactlyElementsOf(live);
    assertThat(count(lake, "raw")).as("raw archive: every accepted event, once").isEqualTo(lines.size() + PARTITIONS);

    // (b) tidemark replay of the same log, and of the live raw archive
    assertThat(replay("--input", logs.toString(), "--source", SOURCE, "--run-id", "from-log")).isZero();
    assertThat(replay("--input", lake + "/raw", "--run-id", "from-raw")).isZero();
    String fromLog = lake + "/replay/from-log";
    String fromRaw = lake + "/replay/from-raw";
    assertThat(LakeSessions.withDuckDb(fromLog)).as("replay of the log = reference").containsExactlyElementsOf(reference);
    assertThat(LakeSessions.withLakeReader(fromLog)).containsExactlyElementsOf(reference);
    // A bounded replay ends with the watermark at the end of time, so it also closes the trailing
    // devices' sessions, which the live run still holds open.
    List<SessionRow> rawReplay = LakeSessions.withDuckDb(fromRaw);
    assertThat(rawReplay).filteredOn(r -> r.anonymousId().startsWith(TRAILING)).hasSize(PARTITIONS);
    assertThat(rawReplay).filteredOn(r -> !r.anonymousId().startsWith(TRAILING))
        .as("replay of the live raw archive = live = reference").containsExactlyElementsOf(live);
    assertThat(sameRows(lake + "/raw", fromRaw + "/raw")).as("the raw archive replayed keeps every column").isTrue();
  }

  /** The generator's promises this test relies on: retried batches and offline uploads hours late. */
  private static void assertInputHasDuplicatesAndHoursLateUploads(List<String> lines) throws Exception {
    Set<String> ids = new HashSet<>();
    long hoursLate = 0;
    for (String line : lines) {
      JsonNode e = JSON.readTree(line);
      ids.add(e.path("messageId").asText());
      Duration late = Duration.between(Instant.parse(e.path("timestamp").asText()),
          Instant.parse(e.path("receivedAt").asText()));
      hoursLate += late.toHours() >= 1 ? 1 : 0;
    }
    assertThat(lines.size() - ids.size()).as("duplicate deliveries").isPositive();
    assertThat(hoursLate).as("events uploaded an hour or more after they happened").isGreaterThan(100);
  }

  /**
   * One event per partition, an hour after the log's last arrival (so after every session's end +
   * gap): each partition's watermark passes every session of the log, so the live run writes them.
   */
  private static List<SdkTraffic.Batch> trailingBatches(List<String> lines) throws Exception {
    Instant last = Instant.parse(JSON.readTree(lines.get(lines.size() - 1)).path("receivedAt").asText());
    Instant at = last.plus(Duration.ofHours(1));
    List<SdkTraffic.Batch> out = new ArrayList<>();
    Set<Integer> covered = new HashSet<>();
    for (int k = 0; covered.size() < PARTITIONS; k++) {
      String device = TRAILING + k;
      // the producer's default partitioner for a keyed record; the gateway keys by anonymousId
      int partition = Utils.toPositive(Utils.murmur2(device.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
      if (covered.add(partition)) {
        String line = """
            {"type":"track","event":"App Heartbeat","anonymousId":"%s","messageId":"trailing-%d",\
            "timestamp":"%s","sentAt":"%s"}""".formatted(device, partition, at, at);
        out.add(new SdkTraffic.Batch(List.of(line), at));
      }
    }
    return out;
  }

  /**
   * Waits until every partition has a complete checkpoint past offset 0: the kill comes after one.
   * The deadlines here only stop a hung run; they are generous for a machine under load.
   */
  private void awaitCheckpointOfEveryPartitionWithData(WorkerProcess worker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (true) {
      List<Optional<TaskCheckpoint>> newest = WorkerProcess.newestCheckpoints(dir, PARTITIONS);
      if (newest.stream().allMatch(c -> c.isPresent() && c.get().offset() > 0)) {
        return;
      }
      assertThat(worker.process().isAlive()).as("worker runs\n%s", worker.output()).isTrue();
      assertThat(System.nanoTime()).as("a checkpoint of every partition within 180 s\n%s", worker.output())
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /**
   * Waits until the job's committed offsets reach the end of every partition (its checkpoints cover
   * every record) and no lake table has staged files left (every output is in a visible file).
   */
  private void awaitEverythingCommitted(Admin admin, WorkerProcess worker) throws Exception {
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      partitions.add(new TopicPartition(Topics.EVENTS, p));
    }
    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (true) {
      var ends = admin.listOffsets(latest).all().get();
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(LiveJob.NAME).partitionsToOffsetAndMetadata().get();
      boolean caughtUp = partitions.stream().allMatch(tp -> committed.get(tp) != null
          && committed.get(tp).offset() == ends.get(tp).offset());
      if (caughtUp && !hasStagedFiles()) {
        return;
      }
      assertThat(worker.process().isAlive()).as("worker runs\n%s", worker.output()).isTrue();
      assertThat(System.nanoTime()).as("caught up within 300 s: %s of %s\n%s", committed, ends, worker.output())
          .isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  private boolean hasStagedFiles() throws Exception {
    for (String table : List.of("raw", "sessions", "late")) {
      Path staging = dir.resolve("lake").resolve(table).resolve("_staging");
      if (Files.isDirectory(staging)) {
        try (Stream<Path> s = Files.walk(staging)) {
          if (s.anyMatch(Files::isRegularFile)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private int replay(String... args) {
    List<String> all = new ArrayList<>(List.of("replay", "--lake", WorkerProcess.lake(dir),
        "--work-dir", dir.resolve("replay-work").toString()));
    all.addAll(List.of(args));
    return Tidemark.commandLine().execute(all.toArray(String[]::new));
  }

  private static long count(String lake, String table) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
        ResultSet r = st.executeQuery("SELECT count(*) FROM read_parquet('%s/%s/dt=*/part-*.parquet')"
            .formatted(lake, table))) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Whether two tables hold the same rows, as multisets, every column compared. */
  private static boolean sameRows(String a, String b) throws Exception {
    String x = "read_parquet('" + a + "/dt=*/part-*.parquet', hive_partitioning = false)";
    String y = "read_parquet('" + b + "/dt=*/part-*.parquet', hive_partitioning = false)";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
        ResultSet r = st.executeQuery("SELECT (SELECT count(*) FROM (SELECT * FROM " + x + " EXCEPT ALL SELECT * FROM "
            + y + ")) + (SELECT count(*) FROM (SELECT * FROM " + y + " EXCEPT ALL SELECT * FROM " + x + "))")) {
      r.next();
      return r.getLong(1) == 0;
    }
  }
}
