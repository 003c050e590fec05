package io.tidemark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.bench.logs.ClientLogGenerator;
import io.tidemark.bench.logs.DuckDbSessions;
import io.tidemark.bench.logs.GenerateClientLogs;
import io.tidemark.bench.logs.LogFiles;
import io.tidemark.bench.logs.LogOptions;
import io.tidemark.engine.runtime.Worker;
import io.tidemark.engine.runtime.WorkerConfig;
import io.tidemark.events.Envelope;
import io.tidemark.events.EventJson;
import io.tidemark.events.Topics;
import io.tidemark.kafka.EmbeddedKafka;
import io.tidemark.lake.datasets.SessionRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one that matters: the same seeded client log, (a) produced to {@code tidemark.events} as
 * the gateway would (normalized envelopes keyed by anonymousId, 4 partitions) and run by a live
 * worker to the end, and (b) replayed from the NDJSON file, end with the same sessions row for
 * row, and both equal an independent DuckDB SQL sessionization of the file.
 */
class LiveAndReplayAgreeTest {

  private static final String SOURCE = "default";
  private static final int EVENTS = 20_000;

  @TempDir
  Path dir;

  @Test
  void liveAndReplayedSessionsAgreeWithEachOtherAndWithSql() throws Exception {
    Path logs = dir.resolve("logs.ndjson");
    GenerateClientLogs.write(new ClientLogGenerator(
        LogOptions.of(300, EVENTS, 20261124, Instant.parse("2026-03-01T00:00:00Z"))), logs);
    List<Envelope> envelopes = LogFiles.read(logs, SOURCE);
    long lines = Files.readAllLines(logs).size();

    String liveLake = dir.resolve("lake").toString();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      kafka.createTopics(4, Topics.EVENTS, Topics.REJECTED);
      produce(kafka.bootstrapServers(), envelopes);
      WorkerConfig config = WorkerConfig.of(kafka.bootstrapServers(), dir.resolve("checkpoints").toString(),
              dir.resolve("work")).withStopAtEnd(true).withCheckpointInterval(Duration.ofSeconds(1));
      Worker worker = LiveJob.start(liveLake, config);
      worker.awaitTermination();
      assertThat(worker.failure()).isNull();
      worker.close();
    }

    List<String> progress = new ArrayList<>();
    Replay.Result replay;
    try (LogFilesInput in = new LogFilesInput(List.of(logs), Instant.EPOCH, SOURCE)) {
      replay = Replay.run(in, new Replay.Options(liveLake, "r1", dir.resolve("replay-work"), null, null),
          p -> progress.add(p.events() + " events"));
    }
    String replayLake = Replay.outputOf(liveLake, "r1");

    assertThat(replay.events()).isEqualTo(lines);
    assertThat(progress).isNotEmpty();
    assertThat(LakeTables.count(liveLake, "raw")).as("live raw archive: every record").isEqualTo(lines);
    assertThat(LakeTables.count(replayLake, "raw")).as("replayed raw archive").isEqualTo(lines);
    // Offline uploads hours late are within the sessionizer's 24 h but beyond the experiments' 1 h:
    // only the experiments may send some to late, each with its own reason.
    String experimentsLate = "experiments/experiment_beyond_allowed_lateness";
    assertThat(LakeTables.lateReasons(liveLake).keySet()).isSubsetOf(experimentsLate);
    assertThat(LakeTables.lateReasons(replayLake).keySet()).isSubsetOf(experimentsLate);

    List<SessionRow> live = LakeTables.finalSessions(liveLake);
    List<SessionRow> replayed = LakeTables.finalSessions(replayLake);
    List<SessionRow> sql = DuckDbSessions.of(logs, SOURCE, Set.of());
    assertThat(sql).hasSizeGreaterThan(500);
    assertThat(replayed).containsExactlyElementsOf(sql);
    assertThat(live).containsExactlyElementsOf(replayed);

    // (c) the live raw archive replayed, one replay task per Kafka partition: the same raw rows
    // (coordinates included) and the same sessions.
    Replay.Result fromRaw = Replay.run(RawArchiveInput.streams(liveLake + "/raw", null, null),
        new Replay.Options(liveLake, "from-raw", dir.resolve("replay-work"), null, null), p -> { });
    String rawLake = Replay.outputOf(liveLake, "from-raw");
    assertThat(fromRaw.events()).isEqualTo(lines);
    assertThat(LakeTables.sameRows(LakeTables.files(liveLake, "raw"), LakeTables.files(rawLake, "raw"))).isTrue();
    assertThat(LakeTables.finalSessions(rawLake)).containsExactlyElementsOf(live);
  }

  /** As the gateway does: the normalized envelope's JSON, keyed by its partition key, acks=all. */
  private static void produce(String bootstrap, List<Envelope> envelopes) throws Exception {
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5);
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (Envelope e : envelopes) {
        acks.add(p.send(new ProducerRecord<>(Topics.EVENTS, e.partitionKey().getBytes(StandardCharsets.UTF_8),
            EventJson.encode(e))));
      }
      for (Future<RecordMetadata> f : acks) {
        f.get();
      }
    }
  }
}
