package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.events.EventJson;
import io.tidemark.events.Normalized;
import io.tidemark.events.Normalizer;
import io.tidemark.events.Receipt;
import io.tidemark.events.Topics;
import io.tidemark.kafka.EmbeddedKafka;
import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.datasets.SessionRow;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.read.LakeReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tidemark worker} on an embedded broker, in bounded mode so that it ends by itself. */
class WorkerCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new WorkerCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    cli.setExitCodeExceptionMapper(Exits::codeOf);
    cli.setExecutionExceptionHandler(Exits::report);
    return cli.execute(args);
  }

  @Test
  void archivesEveryEnvelopeAndWritesSessionsAndRejectsWhatIsNotAnEnvelope() throws Exception {
    String lake = dir.resolve("lake").toString();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      kafka.createTopics(2, Topics.EVENTS, Topics.REJECTED);
      try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(
          Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new ByteArraySerializer(),
          new ByteArraySerializer())) {
        for (int i = 0; i < 3; i++) {
          String json = """
              {"type":"track","event":"tap","messageId":"m%d","anonymousId":"a%d","timestamp":"2026-03-01T10:0%d:00Z"}"""
              .formatted(i, i % 2, i);
          Normalized n = new Normalizer(32 * 1024).normalize(json.getBytes(StandardCharsets.UTF_8), 0, json.length(),
              Receipt.of(Instant.parse("2026-03-01T10:10:00Z"), "default"));
          var e = ((Normalized.Accepted) n).envelope();
          p.send(new ProducerRecord<>(Topics.EVENTS, e.partitionKey().getBytes(StandardCharsets.UTF_8),
              EventJson.encode(e))).get();
        }
        p.send(new ProducerRecord<>(Topics.EVENTS, "a0".getBytes(StandardCharsets.UTF_8),
            "not json".getBytes(StandardCharsets.UTF_8))).get();
      }

      int code = run("--kafka", kafka.bootstrapServers(), "--lake", lake, "--checkpoints",
          dir.resolve("cp").toString(), "--work-dir", dir.resolve("work").toString(), "--checkpoint-interval",
          "500ms", "--stop-at-end");

      assertThat(code).as(err.toString()).isZero();
    }
    assertThat(out.toString()).contains("reads        tidemark.events on").contains(lake + "/{raw,sessions,late}");
    var lakeDir = FileSystems.shared().resolve(lake);
    assertThat(LakeReader.readAll(RawRow.DATASET, lakeDir)).extracting(RawRow::messageId)
        .containsExactlyInAnyOrder("m0", "m1", "m2");
    assertThat(LakeReader.readAll(SessionRow.DATASET, lakeDir)).filteredOn(r -> !r.deleted())
        .extracting(SessionRow::anonymousId).contains("a0", "a1");
  }

  @Test
  void aBadCheckpointIntervalIsAConfigurationError() {
    int code = run("--kafka", "localhost:1", "--lake", dir.toString(), "--checkpoints", dir.toString(),
        "--checkpoint-interval", "soon");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--checkpoint-interval must be a duration");
  }

  @Test
  void badIntervalsAreListedTogether() {
    int code = run("--kafka", "localhost:1", "--lake", dir.toString(), "--checkpoints", dir.toString(),
        "--checkpoint-interval", "soon", "--file-roll-interval", "0s");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--checkpoint-interval must be a duration")
        .contains("--file-roll-interval must be positive: 0s");
  }

  @Test
  void durationsAcceptShortAndIsoForms() {
    assertThat(WorkerCommand.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(WorkerCommand.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(WorkerCommand.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(WorkerCommand.parseDuration("PT1H")).isEqualTo(Duration.ofHours(1));
  }
}
