package io.tidemark.experiment.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tidemark.events.Envelope;
import io.tidemark.experiment.metrics.MetricsConfig;
import io.tidemark.experiment.report.MergedStats;
import io.tidemark.experiment.stream.ReferenceExperiments.Expected;
import io.tidemark.lake.datasets.ExperimentUnitRow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operators against a plain-Java reference over the same events, in several arrival orders. */
class ExperimentStreamReferenceTest {
  private static final MetricsConfig CONFIG = TestConfigs.allMetrics();
  // A short emission tick and a lateness long enough for the delayed arrivals below.
  private static final ExperimentStreamSettings SETTINGS = ExperimentStreamSettings.defaults(CONFIG)
      .withAllowedLateness(Duration.ofHours(2)).withEmitEvery(Duration.ofMinutes(30));

  @TempDir
  Path dir;

  @Test
  void unitsAndPartialsMatchTheReference_inEventTimeOrder() {
    List<Envelope> events = RandomTraffic.generate(1, 400, 20);
    StreamHarness.Run run = StreamHarness.run(dir.resolve("a"), SETTINGS, events);
    assertMatchesReference(run, events);
  }

  @Test
  void unitsAndPartialsMatchTheReference_withEventsUpToTheAllowedLatenessLate() {
    List<Envelope> events = RandomTraffic.generate(2, 400, 20);
    List<Envelope> arrival = RandomTraffic.delayed(events, 3, Duration.ofMinutes(110).toMillis());
    assertThat(arrival).isNotEqualTo(events);
    StreamHarness.Run run = StreamHarness.run(dir.resolve("b"), SETTINGS, arrival);
    assertThat(run.late()).isEmpty();
    assertMatchesReference(run, events);
  }

  @Test
  void finalResultDoesNotDependOnArrivalOrder() {
    List<Envelope> events = RandomTraffic.generate(4, 300, 20);
    StreamHarness.Run inOrder = StreamHarness.run(dir.resolve("c"), SETTINGS, events);
    StreamHarness.Run shuffled = StreamHarness.run(dir.resolve("d"), SETTINGS,
        RandomTraffic.delayed(events, 5, Duration.ofMinutes(115).toMillis()));

    Map<String, ExperimentUnitRow> a = inOrder.currentUnits();
    Map<String, ExperimentUnitRow> b = shuffled.currentUnits();
    assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
    a.forEach((k, row) -> assertSameValues(k, b.get(k), row.variant(), row.firstExposure().toEpochMilli(),
        row.value(), row.denominator(), row.covariate(), row.covariateDenominator()));
    StreamHarness.assertSumsClose(shuffled.mergedSums(), inOrder.mergedSums());
    for (String x : List.of("exp-a", "exp-b")) {
      assertThat(shuffled.merged(x).exposures()).isEqualTo(inOrder.merged(x).exposures());
      assertThat(shuffled.merged(x).multipleExposureUnits()).isEqualTo(inOrder.merged(x).multipleExposureUnits());
    }
  }

  private static void assertMatchesReference(StreamHarness.Run run, List<Envelope> events) {
    ReferenceExperiments.Result ref = ReferenceExperiments.compute(CONFIG, events);
    Map<String, ExperimentUnitRow> units = run.currentUnits();
    java.util.Set<String> expectedKeys = new java.util.TreeSet<>();
    ref.rows().forEach(e -> expectedKeys.add(e.experiment() + "/" + e.unit() + "/" + e.metric()));
    java.util.Set<String> missing = new java.util.TreeSet<>(expectedKeys);
    missing.removeAll(units.keySet());
    java.util.Set<String> extra = new java.util.TreeSet<>(units.keySet());
    extra.removeAll(expectedKeys);
    assertThat(missing).as("unit rows missing").isEmpty();
    assertThat(extra).as("unit rows not expected").isEmpty();
    for (Expected e : ref.rows()) {
      String k = e.experiment() + "/" + e.unit() + "/" + e.metric();
      assertSameValues(k, units.get(k), e.variant(), e.firstExposure(), e.value(), e.denominator(), e.covariate(),
          e.covariateDenominator());
    }
    StreamHarness.assertSumsClose(run.mergedSums(), ReferenceExperiments.sums(ref));
    for (String x : List.of("exp-a", "exp-b")) {
      MergedStats m = run.merged(x);
      Map<String, Long> exposed = new java.util.TreeMap<>(m.exposures());
      exposed.values().removeIf(n -> n == 0);
      assertThat(exposed).as(x + " exposures").isEqualTo(ref.exposed().get(x));
      assertThat(m.multipleExposureUnits()).as(x + " multiple exposure").isEqualTo(ref.excluded().getOrDefault(x, 0L));
      assertThat(m.multipleExposureUnits()).as("the traffic has multiple exposures").isPositive();
    }
  }

  private static void assertSameValues(String key, ExperimentUnitRow row, String variant, long firstExposure,
      double value, Double denominator, Double covariate, Double covariateDenominator) {
    assertThat(row).as(key).isNotNull();
    assertThat(row.variant()).as(key).isEqualTo(variant);
    assertThat(row.firstExposure().toEpochMilli()).as(key).isEqualTo(firstExposure);
    assertThat(row.value()).as(key).isCloseTo(value, within(1e-9 * Math.max(1, Math.abs(value))));
    assertClose(key + " denominator", row.denominator(), denominator);
    assertClose(key + " covariate", row.covariate(), covariate);
    assertClose(key + " covariate denominator", row.covariateDenominator(), covariateDenominator);
  }

  private static void assertClose(String what, Double actual, Double expected) {
    if (expected == null) {
      assertThat(actual).as(what).isNull();
    } else {
      assertThat(actual).as(what).isNotNull();
      assertThat(actual).as(what).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
    }
  }
}
