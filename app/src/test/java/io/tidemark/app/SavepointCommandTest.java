package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.events.EventJson;
import io.tidemark.events.Normalized;
import io.tidemark.events.Normalizer;
import io.tidemark.events.Receipt;
import io.tidemark.events.Topics;
import io.tidemark.kafka.EmbeddedKafka;
import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.read.LakeReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A savepoint of a stopped worker, taken by {@code tidemark savepoint}, starts a worker with new
 * checkpoint storage where the first stopped: it reads nothing again (no row archived twice) and
 * goes on with what was produced after.
 */
class SavepointCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Object command, String... args) {
    CommandLine cli = Tidemark.commandLine(command);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void aWorkerStartedFromTheSavepointResumesWhereTheFirstStopped() throws Exception {
    String lake = dir.resolve("lake").toString();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      kafka.createTopics(2, Topics.EVENTS, Topics.REJECTED);
      produce(kafka.bootstrapServers(), 0, 4);
      // A live (unbounded) first worker, closed once its rows are visible, as in production. (A
      // savepoint of a --stop-at-end run resumes too: TaskRecoveryTest covers that.)
      var first = io.tidemark.pipeline.LiveJob.start(lake, io.tidemark.engine.runtime.WorkerConfig.of(
              kafka.bootstrapServers(), dir.resolve("cp1").toString(), dir.resolve("work-cp1"))
          .withCheckpointInterval(java.time.Duration.ofMillis(300)));
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (rawRows(lake) < 4 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      first.close();
      assertThat(first.failure()).isNull();

      assertThat(run(new SavepointCommand(), "--checkpoints", dir.resolve("cp1").toString(), "--to",
          dir.resolve("sp").toString())).as(err.toString()).isZero();
      assertThat(out.toString()).contains("2 of 2 task(s)").contains("--from-savepoint " + dir.resolve("sp"));

      assertThat(run(new StateCommand.Export(), "--snapshot", dir.resolve("sp").toString(), "--out",
          dir.resolve("state").toString())).as(err.toString()).isZero();
      assertThat(java.nio.file.Files.readString(dir.resolve("state/task-0.jsonl"))
          + java.nio.file.Files.readString(dir.resolve("state/task-1.jsonl")))
          .contains("\"state\":\"sessionizer-sessions/").contains("\"state\":\"sessionizer-dedup/");

      produce(kafka.bootstrapServers(), 4, 6);
      assertThat(worker(kafka, lake, "cp2", dir.resolve("sp").toString())).as(err.toString()).isZero();
    }
    assertThat(LakeReader.readAll(RawRow.DATASET, FileSystems.shared().resolve(lake))).extracting(RawRow::messageId)
        .containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5");
  }

  @Test
  void noCheckpointsIsAConfigurationError() {
    int code = run(new SavepointCommand(), "--checkpoints", dir.resolve("none").toString(), "--to",
        dir.resolve("sp").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no task of job tidemark-live");
  }

  private static int rawRows(String lake) throws java.io.IOException {
    return LakeReader.readAll(RawRow.DATASET, FileSystems.shared().resolve(lake)).size();
  }

  private int worker(EmbeddedKafka kafka, String lake, String checkpoints, String savepoint) {
    String[] base = {"--kafka", kafka.bootstrapServers(), "--lake", lake, "--checkpoints",
        dir.resolve(checkpoints).toString(), "--work-dir", dir.resolve("work-" + checkpoints).toString(),
        "--checkpoint-interval", "500ms", "--stop-at-end"};
    if (savepoint == null) {
      return run(new WorkerCommand(), base);
    }
    String[] args = java.util.Arrays.copyOf(base, base.length + 2);
    args[base.length] = "--from-savepoint";
    args[base.length + 1] = savepoint;
    return run(new WorkerCommand(), args);
  }

  private static void produce(String bootstrap, int from, int to) throws Exception {
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = from; i < to; i++) {
        String json = """
            {"type":"track","event":"tap","messageId":"m%d","anonymousId":"a%d","timestamp":"2026-03-01T10:0%d:00Z"}"""
            .formatted(i, i % 2, i);
        Normalized n = new Normalizer(32 * 1024).normalize(json.getBytes(StandardCharsets.UTF_8), 0, json.length(),
            Receipt.of(Instant.parse("2026-03-01T10:10:00Z"), "default"));
        var e = ((Normalized.Accepted) n).envelope();
        p.send(new ProducerRecord<>(Topics.EVENTS, e.partitionKey().getBytes(StandardCharsets.UTF_8),
            EventJson.encode(e))).get();
      }
    }
  }
}
