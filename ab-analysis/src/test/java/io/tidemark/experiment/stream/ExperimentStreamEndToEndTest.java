package io.tidemark.experiment.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.events.Envelope;
import io.tidemark.experiment.lake.SufficientSums;
import io.tidemark.experiment.metrics.ExperimentDefinition;
import io.tidemark.experiment.metrics.MetricDefinition;
import io.tidemark.experiment.metrics.MetricsConfig;
import io.tidemark.experiment.report.MergedStats;
import io.tidemark.experiment.report.StatsMerge;
import io.tidemark.experiment.stats.EffectEstimate;
import io.tidemark.experiment.stats.Engine;
import io.tidemark.experiment.stats.ExperimentAnalysis;
import io.tidemark.experiment.stats.MetricInput;
import io.tidemark.experiment.stats.MetricReadout;
import io.tidemark.experiment.stats.Readout;
import io.tidemark.experiment.stats.SampleRatioMismatch;
import io.tidemark.experiment.stats.VariantStatistics;
import io.tidemark.lake.datasets.ExperimentStatsRow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated traffic with a known truth, through the operators in the TestDriver, to {@code
 * experiment_stats} rows, merged the way the report merges them and analysed by the statistics
 * engine: the lift, the regression and the broken split are found, the null experiment is quiet.
 */
class ExperimentStreamEndToEndTest {
  private static final MetricsConfig CONFIG = TestConfigs.parse(KnownTruthTraffic.METRICS);
  private static final ExperimentStreamSettings SETTINGS = ExperimentStreamSettings.defaults(CONFIG)
      .withAllowedLateness(Duration.ofHours(2));
  private static final int DEVICES = 8000;

  @TempDir
  static Path dir;

  private static List<ExperimentStatsRow> latest;

  @BeforeAll
  static void runTheStream() {
    List<Envelope> events = KnownTruthTraffic.generate(42, DEVICES);
    // Arrivals up to 90 minutes late, within the allowed lateness: the late path is exercised.
    List<Envelope> arrivals = RandomTraffic.delayed(events, 43, Duration.ofMinutes(90).toMillis());
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    StreamHarness.Run run = StreamHarness.run(dir, SETTINGS, arrivals);
    double seconds = (System.nanoTime() - start) / 1e9;
    // The task runs on this thread: its CPU time does not depend on what else the machine runs.
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    System.out.printf(Locale.ROOT, "experiment stream: %d events, %d devices in %.2f s = %.0f events/s;"
        + " %.2f s on the task thread's CPU = %.0f events per CPU-second"
        + " (%d unit rows, %d stats rows, RocksDB state, TestDriver, cold JVM)%n", events.size(), DEVICES, seconds,
        events.size() / seconds, cpuSeconds, events.size() / cpuSeconds, run.units().size(), run.stats().size());
    assertThat(run.late()).isEmpty();
    latest = StatsMerge.latest(run.stats());
  }

  @Test
  void findsTheConversionLift() {
    Readout readout = readout("exp-lift");
    EffectEstimate purchase = effect(readout, "purchase");
    assertThat(purchase.pValue()).isLessThan(0.001);
    assertThat(purchase.ciLow()).as("relative lift, lower bound").isGreaterThan(0);
    assertThat(readout.srmFlagged()).isFalse();
  }

  @Test
  void findsTheLatencyRegression() {
    Readout readout = readout("exp-latency");
    EffectEstimate latency = effect(readout, "api_latency");
    assertThat(latency.pValue()).isLessThan(0.001);
    assertThat(latency.expected()).as("treatment is slower").isPositive();
    assertThat(latency.chanceToWin()).isNull();
    assertThat(readout.srmFlagged()).isFalse();
  }

  @Test
  void flagsNothingWithoutAnEffect() {
    Readout readout = readout("exp-null");
    for (MetricReadout m : readout.metrics()) {
      // Three metrics at once: Bonferroni at 0.05.
      assertThat(m.effects().get(0).pValue()).as(m.id()).isGreaterThan(0.05 / 3);
    }
    assertThat(readout.srmFlagged()).isFalse();
  }

  @Test
  void flagsTheBrokenExposureSplit() {
    Readout readout = readout("exp-srm");
    assertThat(readout.srmFlagged()).isTrue();
    MergedStats merged = StatsMerge.merge(latest, "exp-srm");
    assertThat(merged.exposures().get("treatment")).isLessThan(merged.exposures().get("control"));
  }

  @Test
  void countsUnitsSeenTwiceOnlyOnce() {
    MergedStats merged = StatsMerge.merge(latest, "exp-null");
    long units = merged.exposures().values().stream().mapToLong(Long::longValue).sum();
    assertThat(units).isEqualTo(DEVICES);
    assertThat(merged.multipleExposureUnits()).isZero();
  }

  /** What {@code tidemark report} computes from the merged partials (frequentist engine). */
  private static Readout readout(String experiment) {
    ExperimentDefinition def = CONFIG.experiment(experiment).orElseThrow();
    MergedStats merged = StatsMerge.merge(latest, experiment);
    List<MetricInput> inputs = new ArrayList<>();
    for (MetricDefinition m : CONFIG.metricsOf(def)) {
      Map<String, SufficientSums> byVariant = merged.metrics().get(m.id());
      assertThat(merged.metricsWithCovariate()).contains(m.id());
      List<VariantStatistics> stats = def.variants().stream()
          .map(v -> byVariant.getOrDefault(v, SufficientSums.ZERO).toStatistics(m.type(), m.cuped())).toList();
      inputs.add(new MetricInput(m.id(), stats, m.inverse()));
    }
    Readout r = new ExperimentAnalysis(CONFIG.settings().withEngine(Engine.FREQUENTIST))
        .analyze(def.weights(), inputs);
    List<Long> exposed = def.variants().stream().map(v -> merged.exposures().getOrDefault(v, 0L)).toList();
    double p = SampleRatioMismatch.pValue(exposed, def.weights());
    return new Readout(p, SampleRatioMismatch.flagged(p, exposed), r.metrics());
  }

  private static EffectEstimate effect(Readout r, String metric) {
    return r.metrics().stream().filter(m -> m.id().equals(metric)).findFirst().orElseThrow().effects().get(0);
  }
}
