package io.tidemark.experiment.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.experiment.lake.SufficientSums;
import io.tidemark.experiment.metrics.MetricType;
import io.tidemark.experiment.metrics.MetricsConfig;
import io.tidemark.experiment.stats.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the configuration and what the lake holds combine into one report. */
class ReportAssemblerTest {
  private static final Freshness FRESH = new Freshness(Instant.parse("2026-11-24T00:00:00Z"), 2);

  private static SufficientSums sums(long n, double sum, double squares) {
    return new SufficientSums(n, sum, squares, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  private static MergedStats lake() {
    return new MergedStats("e",
        Map.of("control", 1000L, "treatment", 1010L, "holdout", 40L),
        Map.of("signup", Map.of("control", sums(1000, 100, 100), "treatment", sums(1010, 130, 130),
                "holdout", sums(40, 4, 4)),
            "revenue", Map.of("control", sums(1000, 5000, 90_000), "treatment", sums(1010, 5200, 95_000))),
        Map.of("signup", MetricType.PROPORTION, "revenue", MetricType.MEAN), Set.of(), 3);
  }

  private static ExperimentReport assemble(String yaml) throws Exception {
    MetricsConfig config = yaml == null ? MetricsConfig.empty() : MetricsConfig.parse(yaml, true);
    return new ReportAssembler(config, lake(), FRESH, List::of).assemble();
  }

  @Test
  void withoutConfiguration_showsEveryLakeMetricWithControlFirstAndEqualWeights() throws Exception {
    ExperimentReport report = assemble(null);

    assertThat(report.variants()).containsExactly("control", "holdout", "treatment");
    assertThat(report.weights()).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3);
    assertThat(report.units()).containsExactly(1000L, 40L, 1010L);
    assertThat(report.metrics()).extracting(ExperimentReport.MetricSummary::id).containsExactly("revenue", "signup");
    assertThat(report.metrics().get(1).type()).isEqualTo(MetricType.PROPORTION);
    assertThat(report.readout().srmFlagged()).isTrue();
    assertThat(report.warnings()).singleElement().asString().startsWith("sample ratio mismatch");
  }

  @Test
  void configuredExperiment_leavesOutUnknownVariantsAndWarnsAboutMissingOrMismatchedMetrics() throws Exception {
    ExperimentReport report = assemble("""
        metrics:
          - {id: signup, kind: conversion, event: Signed Up, cuped: true}
          - {id: revenue, kind: mean, event: Order Completed, property: revenue}
          - {id: churn, kind: conversion, event: Cancelled}
        experiments:
          - {id: e, variants: [control, treatment], weights: [0.5, 0.5]}
        """);

    assertThat(report.variants()).containsExactly("control", "treatment");
    assertThat(report.units()).containsExactly(1000L, 1010L);
    assertThat(report.readout().srmFlagged()).isFalse();
    assertThat(report.metrics()).extracting(ExperimentReport.MetricSummary::id).containsExactly("signup", "churn");
    assertThat(report.metrics().get(0).cuped()).isFalse();
    assertThat(report.readout().metrics().get(1).effects().get(0).status()).isEqualTo(Status.NO_DATA);
    assertThat(report.warnings()).containsExactly(
        "variant holdout is in the lake but not configured for e: its 40 units are left out",
        "metric signup has no covariate in the lake: shown without CUPED",
        "metric revenue is configured as a mean metric (ratio statistics) but the lake holds mean statistics: left out",
        "metric churn has no data in the lake yet");
    assertThat(report.multipleExposureUnits()).isEqualTo(3);
    assertThat(report.multipleExposureRate()).isEqualTo(3.0 / (3 + 2050));
  }

  @Test
  void multipleExposure_warnsFromOnePercent() throws Exception {
    MergedStats atOnePercent = new MergedStats("e", Map.of("control", 495L, "treatment", 495L), Map.of(), Map.of(),
        Set.of(), 10);
    MergedStats below = new MergedStats("e", Map.of("control", 496L, "treatment", 496L), Map.of(), Map.of(),
        Set.of(), 9);

    assertThat(new ReportAssembler(MetricsConfig.empty(), atOnePercent, FRESH, List::of).assemble().warnings())
        .containsExactly("multiple exposure: 10 units (1.0%) were seen in more than one variant and are excluded");
    assertThat(new ReportAssembler(MetricsConfig.empty(), below, FRESH, List::of).assemble().warnings()).isEmpty();
  }
}
