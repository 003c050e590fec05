package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user runs it: {@code java -cp app/target/tidemark/lib/*}, the classpath
 * {@code bin/tidemark} uses, built by the {@code package} phase (so this runs as an integration
 * test, after it). Tests on Maven's test classpath cannot see a dependency missing from the
 * distribution; this does.
 *
 * <p>{@code tidemark up}: events posted over HTTP reach the embedded broker, SIGTERM stops it
 * cleanly, and a restart on the same data directory still has them. {@code tidemark replay}: a log
 * file becomes sessions and a raw archive in the lake.
 */
class DistributionIT {
  private static final Pattern INGEST = Pattern.compile("ingest\\s+(http://\\S+)/v1/batch");
  private static final Pattern KAFKA = Pattern.compile("kafka\\s+(\\S+:\\d+)");

  @TempDir Path dataDir;

  @Test
  void upTakesEventsStopsOnSigtermAndKeepsDataAcrossRestart() throws Exception {
    String messageId = "up-" + UUID.randomUUID();
    Running first = Running.start(dataDir);
    HttpResponse<String> response = post(first.gatewayBase, """
        {"batch":[{"type":"track","event":"Signed Up","anonymousId":"device-1","messageId":"%s",
                   "properties":{"plan":"pro"}}]}""".formatted(messageId));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(consumeValues(first.kafka, 1)).anySatisfy(v -> assertThat(v).contains(messageId).contains("\"plan\":\"pro\""));
    first.stop();

    Running second = Running.start(dataDir);
    assertThat(consumeValues(second.kafka, 1)).anySatisfy(v -> assertThat(v).contains(messageId));
    second.stop();
  }

  @Test
  void replayTurnsALogFileIntoSessionsAndARawArchive() throws Exception {
    Path input = dataDir.resolve("events.ndjson");
    StringBuilder lines = new StringBuilder();
    for (int device = 0; device < 3; device++) {
      for (int minute = 0; minute < 4; minute++) {
        // Two sessions per device: minutes 0 and 1, then 61 and 62 (a gap of an hour).
        Instant at = Instant.parse("2026-11-20T10:00:00Z")
            .plus(Duration.ofMinutes(minute < 2 ? minute : 59 + minute));
        lines.append("{\"type\":\"track\",\"event\":\"Tapped\",\"anonymousId\":\"device-%d\",\"messageId\":\"m-%d-%d\",\"timestamp\":\"%s\"}\n"
            .formatted(device, device, minute, at));
      }
    }
    Files.writeString(input, lines);
    Path lake = dataDir.resolve("lake");
    Process replay = new ProcessBuilder(java(), "-Xmx512m", "-cp", classpath(), Tidemark.class.getName(),
        "replay", "--input", input.toString(), "--lake", lake.toString(), "--run-id", "dist",
        "--work-dir", dataDir.resolve("work").toString())
        .redirectErrorStream(true).start();
    String output = new String(replay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(replay.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(replay.exitValue()).as(output).isZero();

    try (var duck = DriverManager.getConnection("jdbc:duckdb:");
        var st = duck.createStatement()) {
      String out = lake.resolve("replay").resolve("dist").toString();
      // The file lists device after device, so later devices' first sessions are emitted early and
      // updated: readers take each session's highest version (README, table sessions).
      var sessions = st.executeQuery("select count(*), sum(event_count) from (select *, row_number() over"
          + " (partition by session_id order by version desc) as newest from read_parquet('" + out
          + "/sessions/**/*.parquet', hive_partitioning = true)) where newest = 1 and not is_deleted");
      sessions.next();
      assertThat(sessions.getLong(1)).as("sessions: two per device").isEqualTo(6);
      assertThat(sessions.getLong(2)).as("events in sessions").isEqualTo(12);
      var raw = st.executeQuery("select count(distinct message_id) from read_parquet('" + out
          + "/raw/**/*.parquet', hive_partitioning = true)");
      raw.next();
      assertThat(raw.getLong(1)).as("raw archive rows").isEqualTo(12);
    }
  }

  @Test
  void badFlagsExitWithCodeTwoAndListEveryProblem() {
    var err = new java.io.StringWriter();
    var cli = Tidemark.commandLine();
    cli.setErr(new java.io.PrintWriter(err));
    int code = cli.execute("up", "--partitions", "0", "--http-port", "70000", "--data-dir", dataDir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--partitions must be at least 1").contains("--http-port must be between 0 and 65535");
  }

  private static HttpResponse<String> post(String base, String body) throws Exception {
    String auth = Base64.getEncoder().encodeToString("tidemark-dev:".getBytes(StandardCharsets.UTF_8));
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v1/batch"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Basic " + auth)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> consumeValues(String bootstrap, int atLeast) {
    List<String> values = new ArrayList<>();
    try (var consumer = new KafkaConsumer<String, String>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "up-test-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("tidemark.events"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (values.size() < atLeast && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    return values;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The distribution's classpath, as {@code bin/tidemark} runs it. */
  private static String classpath() {
    Path lib = Path.of("target", "tidemark", "lib").toAbsolutePath();
    assertThat(lib.resolve("tidemark-app-0.1.0-SNAPSHOT.jar"))
        .as("the distribution is built by the package phase: run this with mvn verify").exists();
    return lib + File.separator + "*";
  }

  /** A {@code tidemark up} child JVM with free ports, started and parsed from its own output. */
  private record Running(Process process, String gatewayBase, String kafka) {
    static Running start(Path dataDir) throws Exception {
      Process process = new ProcessBuilder(java(), "-Xmx512m", "-cp", classpath(), Tidemark.class.getName(),
          "up", "--data-dir", dataDir.toString(), "--http-port", "0", "--kafka-port", "0", "--partitions", "2")
          .redirectErrorStream(true).start();
      var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String gateway = null;
      String kafka = null;
      StringBuilder seen = new StringBuilder();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      String line;
      while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
        seen.append(line).append('\n');
        Matcher m = INGEST.matcher(line);
        if (m.find()) {
          gateway = m.group(1);
        }
        Matcher k = KAFKA.matcher(line);
        if (k.find()) {
          kafka = k.group(1);
        }
        if (line.contains("Ctrl-C stops it.")) {
          break;
        }
      }
      assertThat(gateway).as("tidemark up printed its gateway URL:\n%s", seen).isNotNull();
      assertThat(kafka).as("tidemark up printed its Kafka address:\n%s", seen).isNotNull();
      Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "up-output");
      drain.setDaemon(true);
      drain.start();
      return new Running(process, gateway, kafka);
    }

    void stop() throws InterruptedException {
      process.destroy(); // SIGTERM, as Ctrl-C or a service manager would
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("tidemark up stops within 60 s of SIGTERM").isTrue();
      assertThat(process.exitValue()).as("exit status after SIGTERM").isIn(0, 143);
    }
  }
}
