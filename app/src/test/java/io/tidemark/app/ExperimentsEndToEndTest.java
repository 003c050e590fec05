package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.tidemark.engine.runtime.Worker;
import io.tidemark.engine.runtime.WorkerConfig;
import io.tidemark.events.Envelope;
import io.tidemark.events.Topics;
import io.tidemark.experiment.lake.SufficientSums;
import io.tidemark.experiment.metrics.MetricsConfig;
import io.tidemark.experiment.stream.KnownTruthTraffic;
import io.tidemark.experiment.stream.ReferenceExperiments;
import io.tidemark.kafka.EmbeddedKafka;
import io.tidemark.lake.write.LakeWriterConfig;
import io.tidemark.pipeline.LiveJob;
import io.tidemark.pipeline.LivePipeline;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's proof, through the live path: traffic with a known truth ({@link KnownTruthTraffic}: a
 * real conversion lift, a real latency regression, no effect, a broken exposure split) sent as
 * Segment batches over HTTP through the real gateway into an embedded broker, consumed by the live
 * worker while it arrives, landed in the lake, and read by {@code tidemark report} and by DuckDB.
 * Then {@code tidemark replay} of the raw archive that live run wrote must give the same numbers.
 *
 * <p>The analysis is frequentist with absolute differences, so the truth is in the units of the
 * metrics: +{@value KnownTruthTraffic#TREATMENT_CONVERSION} − {@value
 * KnownTruthTraffic#CONTROL_CONVERSION} in conversion, +{@value
 * KnownTruthTraffic#LATENCY_REGRESSION_MS} ms in API latency. The seed is fixed, so every assertion
 * is deterministic; alpha is 0.001 (99.9 % intervals), so that an interval missing the truth, or
 * the null experiment looking significant, would be a 1-in-1000 accident of the seed rather than
 * a 1-in-20 one.
 */
class ExperimentsEndToEndTest {
  private static final int DEVICES = Integer.getInteger("e2e.devices", 4000);
  private static final long SEED = 20261124;
  private static final int PARTITIONS = 4;
  private static final String SETTINGS =
      "\"settings\": {\"engine\": \"frequentist\", \"difference\": \"absolute\", \"alpha\": 0.001}, ";
  private static final List<String> EXPERIMENTS = List.of("exp-lift", "exp-latency", "exp-null", "exp-srm");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Kept when a test fails, for a look at the lake. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private static List<Envelope> traffic;
  private static MetricsConfig config;
  private static String lake;
  private static GatewayTraffic.Sent live;
  private static final Map<String, JsonNode> liveReports = new TreeMap<>();
  private static final Map<String, JsonNode> replayReports = new TreeMap<>();
  private static String liveText;

  @BeforeAll
  static void runLiveThenReplay() throws Exception {
    var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    traffic = KnownTruthTraffic.generate(SEED, DEVICES);
    Path metrics = dir.resolve("metrics.json");
    Files.writeString(metrics, KnownTruthTraffic.METRICS.replaceFirst("\\{", "{" + SETTINGS));
    config = MetricsConfig.load(metrics);
    lake = dir.resolve("lake").toString();

    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      kafka.createTopics(PARTITIONS, Topics.EVENTS, Topics.REJECTED);
      WorkerConfig worker = WorkerConfig.of(kafka.bootstrapServers(), dir.resolve("checkpoints").toString(),
          dir.resolve("work")).withCheckpointInterval(Duration.ofSeconds(1));
      // Files become visible a second after their rows are staged instead of a minute.
      LivePipeline.Settings settings = LivePipeline.Settings.withMetrics(config)
          .withFiles(LakeWriterConfig.DEFAULTS.withRollInterval(Duration.ofSeconds(1)));
      try (Worker w = LiveJob.start(lake, worker, settings)) {
        live = GatewayTraffic.send(kafka.bootstrapServers(), traffic);
        LiveWorkerProgress.awaitConsumed(kafka.bootstrapServers(), LiveJob.NAME, PARTITIONS, w);
        LiveWorkerProgress.awaitPublished(Path.of(lake), w);
      }
    }

    for (String x : EXPERIMENTS) {
      liveReports.put(x, report(x, "--json", "--metrics", metrics.toString()));
    }
    liveText = Commands.ok("report", "exp-srm", "--lake", lake, "--metrics", metrics.toString());
    for (String x : EXPERIMENTS) {
      System.out.println(Commands.ok("report", x, "--lake", lake, "--metrics", metrics.toString()));
    }
    Commands.ok("replay", "--input", lake + "/raw", "--lake", lake, "--run-id", "from-raw", "--metrics",
        metrics.toString(), "--work-dir", dir.resolve("replay-work").toString());
    for (String x : EXPERIMENTS) {
      replayReports.put(x, report(x, "--run-id", "from-raw", "--json", "--metrics", metrics.toString()));
    }
    // Wall time depends on what else the machine runs; the process's CPU time much less.
    System.out.printf(java.util.Locale.ROOT, "%d events of %d devices: live run, replay and reports in %.1f s wall,"
        + " %.1f s CPU of this JVM (broker, gateway, worker, replay)%n", traffic.size(), DEVICES,
        (System.nanoTime() - wall0) / 1e9, (os.getProcessCpuTime() - cpu0) / 1e9);
  }

  private static JsonNode report(String experiment, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("report", experiment, "--lake", lake));
    all.addAll(List.of(args));
    return JSON.readTree(Commands.ok(all.toArray(String[]::new)));
  }

  @Test
  void findsTheConversionLiftAndItsIntervalCoversTheTrueLift() {
    JsonNode effect = effect(liveReports.get("exp-lift"), "purchase");
    double trueLift = KnownTruthTraffic.TREATMENT_CONVERSION - KnownTruthTraffic.CONTROL_CONVERSION;
    assertThat(effect.get("p_value").asDouble()).isLessThan(0.001);
    assertThat(effect.get("expected").asDouble()).isPositive();
    assertThat(effect.get("ci_low").asDouble()).isLessThan(trueLift).isPositive();
    assertThat(effect.get("ci_high").asDouble()).isGreaterThan(trueLift);
    assertThat(liveReports.get("exp-lift").get("srm_flagged").asBoolean()).isFalse();
  }

  @Test
  void findsTheLatencyRegressionAndItsIntervalCoversTheTrueRegression() {
    JsonNode effect = effect(liveReports.get("exp-latency"), "api_latency");
    assertThat(effect.get("p_value").asDouble()).isLessThan(0.001);
    assertThat(effect.get("ci_low").asDouble()).isPositive().isLessThan(KnownTruthTraffic.LATENCY_REGRESSION_MS);
    assertThat(effect.get("ci_high").asDouble()).isGreaterThan(KnownTruthTraffic.LATENCY_REGRESSION_MS);
    assertThat(liveReports.get("exp-latency").get("srm_flagged").asBoolean()).isFalse();
  }

  @Test
  void flagsNothingWithoutAnEffect() {
    JsonNode report = liveReports.get("exp-null");
    assertThat(report.get("metrics")).hasSize(3);
    for (JsonNode m : report.get("metrics")) {
      // Three metrics at once: Bonferroni at 0.05; and each interval covers the true 0.
      JsonNode effect = m.get("variants").get(0);
      assertThat(effect.get("p_value").asDouble()).as(m.get("id").asText()).isGreaterThan(0.05 / 3);
      assertThat(effect.get("ci_low").asDouble()).as(m.get("id").asText()).isNegative();
      assertThat(effect.get("ci_high").asDouble()).as(m.get("id").asText()).isPositive();
    }
    assertThat(report.get("srm_flagged").asBoolean()).isFalse();
    assertThat(report.get("warnings")).isEmpty();
  }

  @Test
  void flagsTheBrokenExposureSplit() {
    JsonNode report = liveReports.get("exp-srm");
    assertThat(report.get("srm_flagged").asBoolean()).isTrue();
    assertThat(report.get("srm_p_value").asDouble()).isLessThan(0.001);
    assertThat(units(report, "treatment")).isLessThan(units(report, "control"));
    assertThat(liveText).contains("sample ratio mismatch");
  }

  @Test
  void reportsHowFarTheDataReaches() {
    // The trailing events moved every task's watermark past the last unit's emission.
    for (JsonNode report : liveReports.values()) {
      assertThat(report.get("freshness").get("tasks").asInt()).isEqualTo(PARTITIONS);
      assertThat(Instant.parse(report.get("freshness").get("watermark").asText()))
          .isAfterOrEqualTo(Instant.ofEpochMilli(live.lastTrafficMillis() + Duration.ofHours(2).toMillis()));
    }
    assertThat(liveText).contains("Data up to ");
  }

  @Test
  void theLakeHoldsExactlyWhatTheTrafficImplies_readWithDuckDb() throws Exception {
    // An independent plain-Java computation from the generated events (no state, no timers, no
    // order) against the lake's merged partials: the retried batch counted once, the late
    // exposures not at all.
    ReferenceExperiments.Result reference = ReferenceExperiments.compute(config, traffic);
    assertSumsClose(ExperimentLake.mergedSums(lake), ReferenceExperiments.sums(reference));
    for (String x : EXPERIMENTS) {
      Map<String, Long> units = ExperimentLake.currentUnits(lake, x);
      assertThat(units).as(x).isEqualTo(reference.exposed().get(x));
      JsonNode report = liveReports.get(x);
      units.forEach((variant, n) -> assertThat(units(report, variant)).as(x + " " + variant).isEqualTo(n));
    }
    assertThat(reference.exposed().get("exp-null").values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(DEVICES);
  }

  @Test
  void lateEventsLandInTheLateTableWithTheReasonOfEachOperator() throws Exception {
    Map<String, List<String>> late = ExperimentLake.lateMessageIds(lake);
    assertThat(late).containsOnlyKeys("experiments/experiment_beyond_allowed_lateness",
        "sessionizer/beyond_allowed_lateness");
    assertThat(late.get("experiments/experiment_beyond_allowed_lateness"))
        .containsExactlyInAnyOrderElementsOf(live.lateMessageIds());
    assertThat(late.get("sessionizer/beyond_allowed_lateness"))
        .containsExactlyInAnyOrderElementsOf(live.lateMessageIds());
  }

  @Test
  void aReplayOfTheRawArchiveGivesTheSameStatisticsAndReadouts() throws Exception {
    String replayed = lake + "/replay/from-raw";
    Map<String, SufficientSums> liveSums = ExperimentLake.mergedSums(lake);
    assertSumsClose(ExperimentLake.mergedSums(replayed), liveSums);
    for (String x : EXPERIMENTS) {
      assertThat(ExperimentLake.currentUnits(replayed, x)).as(x).isEqualTo(ExperimentLake.currentUnits(lake, x));
      assertSameReadout(x, replayReports.get(x), liveReports.get(x));
    }
    // The late exposures arrived days late live; the archive replays them with their own day, but
    // still far behind the experiments' watermark, so they are late in the replay too.
    assertThat(ExperimentLake.lateMessageIds(replayed).get("experiments/experiment_beyond_allowed_lateness"))
        .containsExactlyInAnyOrderElementsOf(live.lateMessageIds());
  }

  private static void assertSameReadout(String experiment, JsonNode replay, JsonNode live) {
    assertThat(replay.get("srm_p_value").asDouble()).as(experiment)
        .isCloseTo(live.get("srm_p_value").asDouble(), within(1e-12));
    assertThat(replay.get("variants")).as(experiment).isEqualTo(live.get("variants"));
    assertThat(replay.get("metrics")).hasSameSizeAs(live.get("metrics"));
    for (int i = 0; i < live.get("metrics").size(); i++) {
      JsonNode a = live.get("metrics").get(i);
      JsonNode b = replay.get("metrics").get(i);
      String what = experiment + " " + a.get("id").asText();
      assertThat(b.get("id")).isEqualTo(a.get("id"));
      for (String field : List.of("expected", "ci_low", "ci_high", "se", "p_value")) {
        double expected = a.get("variants").get(0).get(field).asDouble();
        assertThat(b.get("variants").get(0).get(field).asDouble()).as(what + " " + field)
            .isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
      }
    }
  }

  /**
   * Equal keys, equal units, sums equal to 1e-9 relative: the live run maintains its partials by
   * adding and subtracting each unit's changes as it is re-emitted, so the last bits of a sum of
   * non-integer values can depend on when the watermark moved.
   */
  private static void assertSumsClose(Map<String, SufficientSums> actual, Map<String, SufficientSums> expected) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach((key, e) -> {
      SufficientSums a = actual.get(key);
      assertThat(a.users()).as(key + " users").isEqualTo(e.users());
      double[] av = ExperimentLake.fields(a);
      double[] ev = ExperimentLake.fields(e);
      for (int i = 0; i < ev.length; i++) {
        assertThat(av[i]).as(key + " " + ExperimentLake.SUM_COLUMNS.get(i))
            .isCloseTo(ev[i], within(1e-9 * Math.max(1, Math.abs(ev[i]))));
      }
    });
  }

  private static JsonNode effect(JsonNode report, String metric) {
    for (JsonNode m : report.get("metrics")) {
      if (m.get("id").asText().equals(metric)) {
        return m.get("variants").get(0);
      }
    }
    throw new AssertionError("no metric " + metric + " in " + report);
  }

  private static long units(JsonNode report, String variant) {
    for (JsonNode v : report.get("variants")) {
      if (v.get("name").asText().equals(variant)) {
        return v.get("units").asLong();
      }
    }
    throw new AssertionError("no variant " + variant + " in " + report);
  }
}
