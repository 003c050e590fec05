package io.tidemark.experiment.stats;

import static io.tidemark.experiment.stats.GbstatsFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Degenerate inputs give a status and GrowthBook's uninformative values, never NaN. */
class EdgeCasesTest {

  static Stream<AnalysisSettings> everyEngine() {
    List<AnalysisSettings> all = new ArrayList<>();
    for (DifferenceType d : DifferenceType.values()) {
      all.add(bayesian().withDifference(d));
      all.add(bayesian().withDifference(d).withPrior(new Prior(true, 0, 0.01)));
      for (Alternative alt : Alternative.values()) {
        all.add(frequentist().withDifference(d).withAlternative(alt));
        all.add(frequentist().withDifference(d).withAlternative(alt).withSequential(5000));
      }
    }
    return all.stream();
  }

  private static void assertUninformative(EffectEstimate e, Status status, AnalysisSettings s) {
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.expected()).isZero();
    assertThat(e.ciLow()).isZero();
    assertThat(e.ciHigh()).isZero();
    assertThat(e.standardError()).isZero();
    if (s.engine() == Engine.FREQUENTIST) {
      assertThat(e.pValue()).isEqualTo(1.0);
      assertThat(e.chanceToWin()).isNull();
    } else {
      assertThat(e.pValue()).isNull();
      assertThat(e.chanceToWin()).isEqualTo(0.5);
      assertThat(e.riskControl()).isZero();
      assertThat(e.riskTreatment()).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("everyEngine")
  void zeroVariance(AnalysisSettings s) {
    var same = new SampleStatistics(50, 100, 200); // every unit has value 2
    assertUninformative(new ExperimentAnalysis(s).compare(same, same, false), Status.ZERO_VARIANCE, s);
  }

  @ParameterizedTest
  @MethodSource("everyEngine")
  void zeroBaseline(AnalysisSettings s) {
    var control = new SampleStatistics(50, 0, 40); // mean 0, positive variance
    var treatment = new SampleStatistics(50, 10, 60);
    assertUninformative(
        new ExperimentAnalysis(s).compare(control, treatment, false), Status.ZERO_BASELINE, s);
  }

  @ParameterizedTest
  @MethodSource("everyEngine")
  void noData(AnalysisSettings s) {
    assertUninformative(
        new ExperimentAnalysis(s).compare(SampleStatistics.EMPTY, SampleStatistics.EMPTY, false),
        Status.NO_DATA, s);
  }

  @ParameterizedTest
  @MethodSource("everyEngine")
  void oneArmWithoutUnits(AnalysisSettings s) {
    assertUninformative(
        new ExperimentAnalysis(s).compare(QUERY_ONE_ZERO, SampleStatistics.EMPTY, false),
        Status.SINGLE_ARM, s);
  }

  @ParameterizedTest
  @MethodSource("everyEngine")
  void proportionAllConverted_isZeroVariance(AnalysisSettings s) {
    var all = new ProportionStatistics(40, 40);
    assertThat(new ExperimentAnalysis(s).compare(all, new ProportionStatistics(40, 20), false).status())
        .isEqualTo(Status.ZERO_VARIANCE);
  }

  @ParameterizedTest
  @MethodSource("everyEngine")
  void cupedWithConstantCovariate_fallsBackToUnadjusted(AnalysisSettings s) {
    var constantPre = new SampleStatistics(100, 100, 100);
    var control = new RegressionAdjustedStatistics(QUERY_ONE_ZERO, constantPre, 270);
    var treatment =
        new RegressionAdjustedStatistics(QUERY_ONE_ONE, new SampleStatistics(120, 120, 120), 300);
    var analysis = new ExperimentAnalysis(s);
    EffectEstimate adjusted = analysis.compare(control, treatment, false);
    EffectEstimate plain = analysis.compare(QUERY_ONE_ZERO, QUERY_ONE_ONE, false);
    assertThat(adjusted).isEqualTo(plain);
  }

  @Test
  void metricWithOnlyControl_isSingleArm() {
    Readout r =
        new ExperimentAnalysis(frequentist())
            .analyze(List.of(1.0), List.of(MetricInput.of("m", List.of(QUERY_ONE_ZERO))));
    assertThat(r.metrics().get(0).status()).isEqualTo(Status.SINGLE_ARM);
    assertThat(r.metrics().get(0).effects()).isEmpty();
    assertThat(r.srmPValue()).isEqualTo(1);
  }

  @Test
  void analyze_adjustsAcrossMetricsAndVariants() {
    var metrics =
        List.of(
            MetricInput.of("a", List.of(QUERY_ONE_ZERO, QUERY_ONE_ONE, QUERY_ONE_ONE)),
            MetricInput.of("b", List.of(RATIO_ZERO, RATIO_ONE, RATIO_ONE)));
    List<Double> weights = List.of(1.0, 1.0, 1.0);
    Readout plain = new ExperimentAnalysis(frequentist()).analyze(weights, metrics);
    Readout holm =
        new ExperimentAnalysis(frequentist().withCorrection(Correction.HOLM)).analyze(weights, metrics);

    double[] p =
        plain.metrics().stream().flatMap(m -> m.effects().stream())
            .mapToDouble(EffectEstimate::pValue).toArray();
    double[] expected = Correction.HOLM.adjust(p);
    double[] actual =
        holm.metrics().stream().flatMap(m -> m.effects().stream())
            .mapToDouble(EffectEstimate::adjustedPValue).toArray();
    assertThat(actual).containsExactly(expected, within(1e-15));
    assertThat(plain.metrics().get(0).effects().get(0).adjustedPValue()).isNull();
  }

  @Test
  void analyze_flagsSampleRatioMismatch() {
    var control = new SampleStatistics(1000, 2000, 5000);
    var treatment = new SampleStatistics(1200, 2500, 6000);
    Readout r =
        new ExperimentAnalysis(frequentist())
            .analyze(List.of(0.5, 0.5), List.of(MetricInput.of("m", List.of(control, treatment))));
    assertThat(r.srmPValue()).isCloseTo(0.000020079, within(5e-10));
    assertThat(r.srmFlagged()).isTrue();
  }

  @Test
  void settings_rejectOutOfRangeValues() {
    assertThatThrownBy(() -> frequentist().withAlpha(0)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> frequentist().withSequential(0)).hasMessageContaining("sequentialTuning");
    assertThatThrownBy(
            () -> frequentist().withAlpha(0.6).withAlternative(Alternative.GREATER).withSequential(10))
        .hasMessageContaining("below 0.5");
    assertThatThrownBy(() -> new Prior(true, 0, 0)).hasMessageContaining("variance");
  }
}
