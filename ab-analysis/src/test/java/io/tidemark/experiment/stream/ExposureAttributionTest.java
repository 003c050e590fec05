package io.tidemark.experiment.stream;

import static io.tidemark.experiment.stream.RandomTraffic.HOUR;
import static io.tidemark.experiment.stream.RandomTraffic.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.testing.TestDriver;
import io.tidemark.events.Envelope;
import io.tidemark.experiment.metrics.MetricsConfig;
import io.tidemark.lake.datasets.ExperimentStatsRow;
import io.tidemark.lake.datasets.ExperimentStatsRow.Kind;
import io.tidemark.lake.datasets.ExperimentUnitRow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attribution and late-data rules, event by event, with the watermark moved by hand. */
class ExposureAttributionTest {
  private static final MetricsConfig CONFIG = TestConfigs.parse("{" + TestConfigs.METRICS + """
      , "experiments": [{"id": "x", "variants": ["control", "treatment"], "metrics": ["purchase"]}]}""");
  private static final ExperimentStreamSettings SETTINGS = ExperimentStreamSettings.defaults(CONFIG)
      .withAllowedLateness(Duration.ofHours(2)).withEmitEvery(Duration.ofMinutes(30));
  private static final long LATENESS = 2 * HOUR;

  @TempDir
  Path dir;

  private TestDriver driver() {
    return TestDriver.builder(StreamHarness.pipeline(SETTINGS), dir).build();
  }

  private static void push(TestDriver d, Envelope e) {
    d.push("events", e, Envelopes.time(e));
  }

  @Test
  void lateEarlierExposureBecomesTheFirstExposureAndReattributesTheConversion() {
    try (TestDriver d = driver()) {
      push(d, Envelopes.order("u", START + 9 * HOUR + 30 * 60_000, 10));
      push(d, Envelopes.exposure("u", "x", "treatment", START + 10 * HOUR));
      d.advanceWatermarkTo(START + 11 * HOUR);
      assertThat(d.<ExperimentUnitRow>output("units")).as("rows wait for the allowed lateness").isEmpty();

      // Behind the watermark by less than the allowed lateness, and earlier than the first exposure seen.
      push(d, Envelopes.exposure("u", "x", "treatment", START + 9 * HOUR + 15 * 60_000));
      d.advanceWatermarkTo(START + 14 * HOUR);
      ExperimentUnitRow row = only(d.<ExperimentUnitRow>output("units"));
      assertThat(row.firstExposure()).isEqualTo(Instant.ofEpochMilli(START + 9 * HOUR + 15 * 60_000));
      assertThat(row.value()).as("the order is after the new first exposure").isEqualTo(1.0);
      assertThat(row.covariate()).as("and no longer in the pre-period").isZero();
      assertThat(row.version()).isEqualTo(1);
      ExperimentStatsRow partial = metricRow(d.output("stats"), "treatment");
      assertThat(partial.users()).isEqualTo(1);
      assertThat(partial.mainSum()).isEqualTo(1.0);
      assertThat(partial.covariateSum()).isZero();
    }
  }

  @Test
  void anEmittedFirstExposureIsFinal_noAcceptedExposureCanBeEarlier() {
    try (TestDriver d = driver()) {
      push(d, Envelopes.exposure("u", "x", "treatment", START + 10 * HOUR));
      d.advanceWatermarkTo(START + 13 * HOUR);
      ExperimentUnitRow first = only(d.<ExperimentUnitRow>output("units"));
      assertThat(d.watermark() - LATENESS).as("what the allowed lateness still accepts")
          .isGreaterThanOrEqualTo(first.firstExposure().toEpochMilli());
      d.clearOutputs();
      push(d, Envelopes.exposure("u", "x", "treatment", START + 9 * HOUR));
      d.advanceWatermarkTo(START + 16 * HOUR);
      assertThat(d.<LateEvent>output("late")).hasSize(1);
      assertThat(d.<ExperimentUnitRow>output("units")).isEmpty();
    }
  }

  @Test
  void lateConversionUpdatesTheUnitAndItsPartial() {
    try (TestDriver d = driver()) {
      push(d, Envelopes.exposure("u", "x", "control", START + HOUR));
      push(d, Envelopes.exposure("v", "x", "control", START + HOUR));
      d.advanceWatermarkTo(START + 5 * HOUR);
      assertThat(d.<ExperimentUnitRow>output("units")).extracting(ExperimentUnitRow::value).containsOnly(0.0);
      assertThat(metricRow(d.output("stats"), "control").users()).isEqualTo(2);
      d.clearOutputs();

      push(d, Envelopes.order("u", START + 5 * HOUR - LATENESS + 1, 3));
      d.advanceWatermarkTo(START + 8 * HOUR);
      ExperimentUnitRow u = only(d.<ExperimentUnitRow>output("units"));
      assertThat(u.unit()).isEqualTo("u");
      assertThat(u.value()).isEqualTo(1.0);
      assertThat(u.version()).isEqualTo(2);
      ExperimentStatsRow partial = metricRow(d.output("stats"), "control");
      assertThat(partial.version()).isEqualTo(2);
      assertThat(partial.users()).isEqualTo(2);
      assertThat(partial.mainSum()).isEqualTo(1.0);
      assertThat(d.<ExperimentStatsRow>output("stats")).noneMatch(r -> r.kind() == Kind.EXPOSURES);
    }
  }

  @Test
  void unitSeenInASecondVariantIsDeletedAndCountedAsMultipleExposure() {
    try (TestDriver d = driver()) {
      push(d, Envelopes.exposure("u", "x", "control", START + HOUR));
      push(d, Envelopes.order("u", START + 2 * HOUR, 5));
      d.advanceWatermarkTo(START + 5 * HOUR);
      assertThat(only(d.<ExperimentUnitRow>output("units")).value()).isEqualTo(1.0);
      d.clearOutputs();

      push(d, Envelopes.exposureCamelCase("u", "x", "treatment", START + 6 * HOUR));
      d.advanceWatermarkTo(START + 10 * HOUR);
      ExperimentUnitRow deleted = only(d.<ExperimentUnitRow>output("units"));
      assertThat(deleted.deleted()).isTrue();
      assertThat(deleted.variant()).isEqualTo("control");
      assertThat(deleted.version()).isEqualTo(2);
      List<ExperimentStatsRow> stats = d.output("stats");
      assertThat(stats).filteredOn(r -> r.kind() == Kind.MULTIPLE_EXPOSURE).singleElement()
          .satisfies(r -> assertThat(r.users()).isEqualTo(1));
      assertThat(stats).filteredOn(r -> r.kind() == Kind.EXPOSURES).singleElement()
          .satisfies(r -> {
            assertThat(r.variant()).isEqualTo("control");
            assertThat(r.users()).as("the partial is rewritten with the unit taken out").isZero();
            assertThat(r.version()).isEqualTo(2);
          });
      assertThat(metricRow(stats, "control").users()).isZero();
      assertThat(stats).noneMatch(r -> "treatment".equals(r.variant()));
    }
  }

  @Test
  void aDeviceIsForgottenAUnitTtlAfterItsLastActivity_notAfterItsFirst() {
    Duration ttl = Duration.ofMillis(SETTINGS.historyRetentionMillis()).plusDays(1);
    ExperimentStreamSettings settings = new ExperimentStreamSettings(CONFIG, SETTINGS.exposureEvent(),
        SETTINGS.allowedLateness(), SETTINGS.emitEvery(), ttl);
    try (TestDriver d = TestDriver.builder(StreamHarness.pipeline(settings), dir).build()) {
      push(d, Envelopes.exposure("active", "x", "control", START + HOUR));
      push(d, Envelopes.exposure("quiet", "x", "control", START + HOUR));
      push(d, Envelopes.order("active", START + HOUR + ttl.toMillis() / 2, 5));
      long later = START + HOUR + ttl.toMillis() + 3 * HOUR;
      d.advanceWatermarkTo(later);
      d.clearOutputs();

      push(d, Envelopes.exposure("active", "x", "treatment", later));
      push(d, Envelopes.exposure("quiet", "x", "treatment", later));
      d.advanceWatermarkTo(later + 5 * HOUR);

      List<ExperimentUnitRow> rows = d.output("units");
      assertThat(rows).filteredOn(r -> r.unit().equals("active")).singleElement()
          .as("still attributed to control: a second variant excludes it")
          .satisfies(r -> assertThat(r.deleted()).isTrue());
      assertThat(rows).filteredOn(r -> r.unit().equals("quiet")).singleElement()
          .as("forgotten a TTL after its only event: a new unit")
          .satisfies(r -> {
            assertThat(r.deleted()).isFalse();
            assertThat(r.variant()).isEqualTo("treatment");
            assertThat(r.version()).isEqualTo(1);
          });
    }
  }

  @Test
  void eventsBeyondTheAllowedLatenessGoToTheLateOutputAndChangeNothing() {
    try (TestDriver d = driver()) {
      push(d, Envelopes.exposure("u", "x", "control", START + HOUR));
      d.advanceWatermarkTo(START + 6 * HOUR);
      d.clearOutputs();
      Envelope tooLate = Envelopes.order("u", START + 6 * HOUR - LATENESS - 1, 5);
      push(d, tooLate);
      // With session metrics configured every event of a device counts, so this one is late too.
      Envelope tooLateView = Envelopes.track("u", "Product Viewed", START, java.util.Map.of());
      push(d, tooLateView);
      // A device in no experiment: its late event is none of the experiments' business.
      push(d, Envelopes.track("stranger", "Product Viewed", START, java.util.Map.of()));
      d.advanceWatermarkTo(START + 20 * HOUR);
      assertThat(d.<LateEvent>output("late")).extracting(LateEvent::event).containsExactly(tooLate, tooLateView);
      assertThat(d.<LateEvent>output("late")).extracting(LateEvent::watermark)
          .as("the watermark each arrived behind").containsOnly(Instant.ofEpochMilli(START + 6 * HOUR));
      assertThat(d.<ExperimentUnitRow>output("units")).isEmpty();
      assertThat(d.<ExperimentStatsRow>output("stats")).isEmpty();
    }
  }

  @Test
  void restoringASnapshotMidStreamGivesTheSameRowsAsAnUninterruptedRun() {
    List<Envelope> events = RandomTraffic.generate(7, 150, 6);
    ExperimentStreamSettings all = ExperimentStreamSettings.defaults(TestConfigs.allMetrics())
        .withAllowedLateness(Duration.ofHours(2)).withEmitEvery(Duration.ofMinutes(30));
    StreamHarness.Run uninterrupted = StreamHarness.run(dir.resolve("one"), all, events);

    List<ExperimentUnitRow> units = new java.util.ArrayList<>();
    List<ExperimentStatsRow> stats = new java.util.ArrayList<>();
    long max = events.stream().mapToLong(Envelopes::time).max().orElseThrow();
    int half = events.size() / 2;
    try (TestDriver d = TestDriver.builder(StreamHarness.pipeline(all), dir.resolve("two")).build()) {
      events.subList(0, half).forEach(e -> push(d, e));
      var snapshot = d.snapshot();
      units.addAll(d.output("units"));
      stats.addAll(d.output("stats"));
      try (TestDriver restored = d.restore(snapshot)) {
        events.subList(half, events.size()).forEach(e -> push(restored, e));
        StreamHarness.finish(restored, all, max);
        units.addAll(restored.output("units"));
        stats.addAll(restored.output("stats"));
      }
    }
    StreamHarness.Run resumed = new StreamHarness.Run(units, stats, List.of());
    assertThat(resumed.currentUnits()).isEqualTo(uninterrupted.currentUnits());
    assertThat(resumed.mergedSums()).isEqualTo(uninterrupted.mergedSums());
  }

  private static ExperimentStatsRow metricRow(List<ExperimentStatsRow> rows, String variant) {
    return rows.stream().filter(r -> r.kind() == Kind.METRIC && variant.equals(r.variant()))
        .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no metric row for " + variant + " in " + rows));
  }

  private static ExperimentUnitRow only(List<ExperimentUnitRow> rows) {
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }
}
