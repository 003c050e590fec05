package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tidemark.events.EventJson;
import io.tidemark.events.Normalized;
import io.tidemark.events.Normalizer;
import io.tidemark.events.Receipt;
import io.tidemark.events.Topics;
import io.tidemark.kafka.EmbeddedKafka;
import io.tidemark.lake.datasets.ExperimentUnitRow;
import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.datasets.SessionRow;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.read.LakeReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    CommandLine cli = Tidemark.commandLine(new WorkerCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
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
    assertThat(out.toString()).contains("reads        tidemark.events on")
        .contains(lake + "/{raw,sessions,late,experiment_units,experiment_stats}")
        .contains("experiments  built-in metrics sessions, session_duration");
    var lakeDir = FileSystems.shared().resolve(lake);
    assertThat(LakeReader.readAll(RawRow.DATASET, lakeDir)).extracting(RawRow::messageId)
        .containsExactlyInAnyOrder("m0", "m1", "m2");
    assertThat(LakeReader.readAll(SessionRow.DATASET, lakeDir)).filteredOn(r -> !r.deleted())
        .extracting(SessionRow::anonymousId).contains("a0", "a1");
  }

  @Test
  void computesTheExperimentMetricsOfTheMetricsFile_andTheBuiltInOnesWithoutOne() throws Exception {
    Path metrics = dir.resolve("metrics.yaml");
    Files.writeString(metrics, """
        metrics:
          - {id: purchase, kind: conversion, event: Order Completed}
        """);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      kafka.createTopics(1, Topics.EVENTS, Topics.REJECTED);
      try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(
          Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new ByteArraySerializer(),
          new ByteArraySerializer())) {
        send(p, """
            {"type":"track","event":"Experiment Viewed","messageId":"x1","anonymousId":"a1",
             "timestamp":"2026-03-01T10:00:00Z","properties":{"experiment_id":"e","variation_id":"control"}}""");
        send(p, """
            {"type":"track","event":"Order Completed","messageId":"o1","anonymousId":"a1",
             "timestamp":"2026-03-01T10:05:00Z"}""");
      }
      for (String run : List.of("configured", "built-in")) {
        List<String> args = new ArrayList<>(List.of("--kafka", kafka.bootstrapServers(), "--lake",
            dir.resolve(run).toString(), "--checkpoints", dir.resolve(run + "-cp").toString(), "--work-dir",
            dir.resolve(run + "-work").toString(), "--checkpoint-interval", "500ms", "--stop-at-end"));
        if (run.equals("configured")) {
          args.addAll(List.of("--metrics", metrics.toString()));
        }
        assertThat(run(args.toArray(String[]::new))).as(err.toString()).isZero();
      }
    }
    assertThat(out.toString()).contains("experiments  " + metrics + ": purchase");
    assertThat(unitRows("configured")).extracting(ExperimentUnitRow::metric, ExperimentUnitRow::value)
        .containsExactly(tuple("purchase", 1.0));
    assertThat(unitRows("built-in")).extracting(ExperimentUnitRow::metric)
        .containsExactlyInAnyOrder("sessions", "session_duration");
  }

  @Test
  void aBrokenMetricsFileIsAConfigurationErrorWithEveryProblemListed() throws Exception {
    Path metrics = dir.resolve("bad.json");
    Files.writeString(metrics, """
        {"metrics": [{"id": "a", "kind": "sum", "event": "Order Completed"}, {"id": "b", "kind": "magic"}]}""");

    int code = run("--kafka", "localhost:1", "--lake", dir.toString(), "--checkpoints", dir.toString(),
        "--metrics", metrics.toString(), "--checkpoint-interval", "soon");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--metrics " + metrics + ": metrics[0].property: missing")
        .contains("--metrics " + metrics + ": metrics[1].kind:")
        .contains("--checkpoint-interval must be a duration");
  }

  private List<ExperimentUnitRow> unitRows(String lake) throws Exception {
    return LakeReader.readAll(ExperimentUnitRow.DATASET, FileSystems.shared().resolve(dir.resolve(lake).toString()));
  }

  private static void send(KafkaProducer<byte[], byte[]> p, String json) throws Exception {
    Normalized n = new Normalizer(32 * 1024).normalize(json.getBytes(StandardCharsets.UTF_8), 0,
        json.getBytes(StandardCharsets.UTF_8).length, Receipt.of(Instant.parse("2026-03-01T12:00:00Z"), "default"));
    var e = ((Normalized.Accepted) n).envelope();
    p.send(new ProducerRecord<>(Topics.EVENTS, e.partitionKey().getBytes(StandardCharsets.UTF_8),
        EventJson.encode(e))).get();
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
