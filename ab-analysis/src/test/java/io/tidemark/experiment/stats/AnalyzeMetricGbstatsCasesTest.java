package io.tidemark.experiment.stats;

import static io.tidemark.experiment.stats.GbstatsFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end cases of gbstats {@code packages/stats/tests/test_gbstats.py} (published to 9
 * decimals): per-variant sums in, effect and p-value or chance to win and risk out.
 */
class AnalyzeMetricGbstatsCasesTest {

  private static EffectEstimate only(AnalysisSettings settings, MetricInput metric) {
    Readout readout = new ExperimentAnalysis(settings).analyze(List.of(0.5, 0.5), List.of(metric));
    return readout.metrics().get(0).effects().get(0);
  }

  private static MetricInput metric(VariantStatistics control, VariantStatistics treatment) {
    return MetricInput.of("m", List.of(control, treatment));
  }

  @Test // TestAnalyzeMetricDfBayesian.test_get_metric_dfs_new
  void bayesianCountMetric() {
    EffectEstimate e = only(bayesian(), metric(QUERY_ONE_ZERO, QUERY_ONE_ONE));
    assertThat(e.riskTreatment()).isCloseTo(0.075691131, within(NINE_DECIMALS));
    assertThat(e.expected()).isCloseTo(-0.074074074, within(NINE_DECIMALS));
    assertThat(e.chanceToWin()).isCloseTo(0.071834168, within(NINE_DECIMALS));
  }

  @Test // TestAnalyzeMetricDfBayesian.test_get_metric_dfs_bayesian_ratio
  void bayesianRatioMetric() {
    assertThat(RATIO_ZERO.mean()).isCloseTo(0.529411765, within(NINE_DECIMALS));
    assertThat(RATIO_ONE.mean()).isCloseTo(0.6, within(NINE_DECIMALS));
    EffectEstimate e = only(bayesian(), metric(RATIO_ZERO, RATIO_ONE));
    assertThat(e.riskTreatment()).isCloseTo(0.050934045, within(NINE_DECIMALS));
    assertThat(e.expected()).isCloseTo(0.133333333, within(NINE_DECIMALS));
    assertThat(e.chanceToWin()).isCloseTo(0.694926359, within(NINE_DECIMALS));
  }

  @Test // TestAnalyzeMetricDfBayesian.test_get_metric_dfs_inverse
  void bayesianInverseMetric() {
    EffectEstimate e =
        only(bayesian(), new MetricInput("m", List.of(QUERY_ONE_ZERO, QUERY_ONE_ONE), true));
    assertThat(e.riskTreatment()).isCloseTo(0.001617057, within(NINE_DECIMALS));
    assertThat(e.expected()).isCloseTo(-0.074074074, within(NINE_DECIMALS));
    assertThat(e.chanceToWin()).isCloseTo(1 - 0.071834168, within(NINE_DECIMALS));
  }

  @Test // TestAnalyzeMetricDfBayesian.test_get_metric_dfs_zero_val
  void bayesianOneUserArm() {
    EffectEstimate e =
        only(bayesian(), new MetricInput("m", List.of(ONE_USER_ZERO, ONE_USER_ONE), true));
    assertThat(e.riskTreatment()).isZero();
    assertThat(e.expected()).isZero();
    assertThat(e.chanceToWin()).isEqualTo(0.5);
    assertThat(e.status()).isEqualTo(Status.ZERO_VARIANCE);
  }

  @Test // TestAnalyzeMetricDfBayesian.test_get_metric_dfs_ratio_zero_denom
  void bayesianRatioWithZeroControlDenominator() {
    assertThat(RATIO_ZERO_DENOM_ZERO.mean()).isZero();
    EffectEstimate e = only(bayesian(), metric(RATIO_ZERO_DENOM_ZERO, RATIO_ONE));
    assertThat(e.riskTreatment()).isZero();
    assertThat(e.expected()).isZero();
    assertThat(e.chanceToWin()).isEqualTo(0.5);
  }

  @Test // TestAnalyzeMetricDfFrequentist.test_get_metric_dfs_frequentist
  void frequentistCountMetric() {
    EffectEstimate e = only(frequentist(), metric(QUERY_ONE_ZERO, QUERY_ONE_ONE));
    assertThat(e.expected()).isCloseTo(-0.074074074, within(NINE_DECIMALS));
    assertThat(e.pValue()).isCloseTo(0.145219005, within(NINE_DECIMALS));
  }

  @Test // TestAnalyzeMetricDfFrequentist.test_get_metric_dfs_frequentist_ratio
  void frequentistRatioMetric() {
    EffectEstimate e = only(frequentist(), metric(RATIO_ZERO, RATIO_ONE));
    assertThat(e.expected()).isCloseTo(0.133333333, within(NINE_DECIMALS));
    assertThat(e.pValue()).isCloseTo(0.610663339, within(NINE_DECIMALS));
  }

  @Test // TestAnalyzeMetricDfFrequentist.test_get_metric_dfs_zero_val and _ratio_zero_denom
  void frequentistDegenerateArms() {
    for (MetricInput m :
        List.of(metric(ONE_USER_ZERO, ONE_USER_ONE), metric(RATIO_ZERO_DENOM_ZERO, RATIO_ONE))) {
      EffectEstimate e = only(frequentist(), m);
      assertThat(e.expected()).isZero();
      assertThat(e.pValue()).isEqualTo(1.0);
      assertThat(e.status()).isNotEqualTo(Status.OK);
    }
  }

  @Test // TestAnalyzeMetricDfRegressionAdjustment.test_analyze_metric_df_ra
  void cupedCountMetric() {
    assertThat(RA_ZERO.mean()).isCloseTo(0.099966678, within(NINE_DECIMALS));
    assertThat(RA_ONE.mean()).isCloseTo(0.074, within(NINE_DECIMALS));
    EffectEstimate e = only(frequentist(), metric(RA_ZERO, RA_ONE));
    assertThat(e.expected()).isCloseTo(-0.281707154, within(NINE_DECIMALS));
    assertThat(e.pValue()).isCloseTo(0.003732549, within(NINE_DECIMALS));
  }

  @Test // TestAnalyzeMetricDfRegressionAdjustment.test_analyze_metric_df_ra_proportion
  void cupedProportionMetric() {
    EffectEstimate e = only(frequentist(), metric(RA_PROPORTION_ZERO, RA_PROPORTION_ONE));
    assertThat(e.expected()).isCloseTo(-0.31620216, within(NINE_DECIMALS));
    assertThat(e.pValue()).isCloseTo(0.000000353, within(NINE_DECIMALS));
  }

  @Test // TestAnalyzeMetricDfSequential.test_analyze_metric_df_sequential
  void sequentialCountMetric() {
    EffectEstimate e =
        only(frequentist().withSequential(600), metric(QUERY_ONE_ZERO, QUERY_ONE_ONE));
    assertThat(e.expected()).isCloseTo(-0.074074074, within(NINE_DECIMALS));
    assertThat(e.pValue()).isCloseTo(0.892332229, within(NINE_DECIMALS));
    assertThat(e.ciLow()).isCloseTo(-0.233322085, within(NINE_DECIMALS));

    EffectEstimate badTuning =
        only(frequentist().withSequential(1), metric(QUERY_ONE_ZERO, QUERY_ONE_ONE));
    assertThat(badTuning.ciLow()).isLessThan(e.ciLow());
  }

  @Test // TestAnalyzeMetricDfRegressionAdjustment.test_analyze_metric_df_ratio_ra
  void cupedRatioMetric() {
    assertThat(RATIO_RA_A.mean()).isCloseTo(0.713495487, within(NINE_DECIMALS));
    assertThat(RATIO_RA_DF_ONE.mean()).isCloseTo(0.729754963, within(NINE_DECIMALS));
    EffectEstimate e = only(frequentist(), metric(RATIO_RA_A, RATIO_RA_DF_ONE));
    assertThat(e.expected()).isCloseTo(-0.000701483, within(NINE_DECIMALS));
    assertThat(e.pValue()).isCloseTo(0.857710405, within(NINE_DECIMALS));
  }

  /**
   * TestThreeArmedCuped.test_three_armed_cuped_baseline_stats_hardcoded: per-arm CUPED standard
   * deviations with θ pooled over the two arms compared (the control's from the 0-vs-2 pair).
   */
  @Test
  void threeArmedCupedStandardDeviations() {
    double theta01 = RegressionAdjustedStatistics.pooledTheta(RA_ZERO, RA_ONE);
    double theta02 = RegressionAdjustedStatistics.pooledTheta(RA_ZERO, RA_TWO);
    assertThat(Math.sqrt(RA_ZERO.adjustedVariance(theta02)))
        .isCloseTo(0.434288923, within(NINE_DECIMALS));
    assertThat(Math.sqrt(RA_ONE.adjustedVariance(theta01)))
        .isCloseTo(0.423529598, within(NINE_DECIMALS));
    assertThat(Math.sqrt(RA_TWO.adjustedVariance(theta02)))
        .isCloseTo(0.458953951, within(NINE_DECIMALS));
  }
}
