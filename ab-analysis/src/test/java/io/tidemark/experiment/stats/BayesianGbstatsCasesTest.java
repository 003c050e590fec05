package io.tidemark.experiment.stats;

import static io.tidemark.experiment.stats.GbstatsFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tidemark.experiment.stats.internals.BayesianEffectTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Bayesian cases of gbstats {@code packages/stats/tests/bayesian/test_tests.py}. */
class BayesianGbstatsCasesTest {

  record Case(
      String source,
      VariantStatistics control,
      VariantStatistics treatment,
      Prior prior,
      double expected,
      double ciLow,
      double ciHigh,
      double stddev,
      double chanceToWin,
      double riskControl,
      double riskTreatment) {
    @Override
    public String toString() {
      return source;
    }
  }

  static Stream<Case> cases() {
    SampleStatistics normA = new SampleStatistics(10, 100, 1002.25);
    SampleStatistics normB = new SampleStatistics(10, 105, 1111.5);
    return Stream.of(
        new Case("TestBinom.test_bayesian_binomial_ab_test",
            new ProportionStatistics(100, 49), new ProportionStatistics(100, 51), Prior.IMPROPER,
            0.04082, -0.24779, 0.32943, 0.14725, 0.60918, 0.0814, 0.04058),
        new Case("TestNorm.test_bayesian_gaussian_ab_test", normA, normB, Prior.IMPROPER,
            0.05, -0.02, 0.12, 0.03572, 0.91923, 0.05131, 0.00131),
        new Case("TestNorm.test_bayesian_gaussian_ab_test_informative", normA, normB,
            new Prior(true, 0.1, 0.1),
            0.05063, -0.01893, 0.12019, 0.03549, 0.92315, 0.05186, 0.00123));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compare_matchesGbstats(Case c) {
    EffectEstimate e =
        new ExperimentAnalysis(bayesian().withPrior(c.prior()))
            .compare(c.control(), c.treatment(), false);

    assertThat(e.status()).isEqualTo(Status.OK);
    assertThat(e.expected()).isCloseTo(c.expected(), within(FIVE_DECIMALS));
    assertThat(e.ciLow()).isCloseTo(c.ciLow(), within(FIVE_DECIMALS));
    assertThat(e.ciHigh()).isCloseTo(c.ciHigh(), within(FIVE_DECIMALS));
    assertThat(e.standardError()).isCloseTo(c.stddev(), within(FIVE_DECIMALS));
    assertThat(e.chanceToWin()).isCloseTo(c.chanceToWin(), within(FIVE_DECIMALS));
    assertThat(e.riskControl()).isCloseTo(c.riskControl(), within(FIVE_DECIMALS));
    assertThat(e.riskTreatment()).isCloseTo(c.riskTreatment(), within(FIVE_DECIMALS));
    assertThat(e.pValue()).isNull();
    assertThat(e.adjustedPValue()).isNull();
  }

  /** TestBinom.test_missing_data and TestNorm.test_missing_data. */
  @Test
  void compare_withoutUnits_isUninformative() {
    var analysis = new ExperimentAnalysis(bayesian());
    for (var empty : new VariantStatistics[] {ProportionStatistics.EMPTY, SampleStatistics.EMPTY}) {
      EffectEstimate e = analysis.compare(empty, empty, false);
      assertThat(e.chanceToWin()).isEqualTo(0.5);
      assertThat(e.expected()).isZero();
      assertThat(e.status()).isEqualTo(Status.NO_DATA);
    }
  }

  /** TestGaussianEffectRelativeAbsolutePriors.test_bayesian_effect_relative_effect. */
  @Test
  void compare_relativePriorRescaledForAbsoluteDifference_keepsChanceToWin() {
    var c = new SampleStatistics(100, 1000, 200000);
    var t = new SampleStatistics(100, 1100, 200005);
    AnalysisSettings informative = bayesian().withPrior(new Prior(true, 1, 1));

    double relative = new ExperimentAnalysis(informative).compare(c, t, false).chanceToWin();
    double absolute =
        new ExperimentAnalysis(informative.withDifference(DifferenceType.ABSOLUTE))
            .compare(c, t, false)
            .chanceToWin();

    assertThat(absolute).isCloseTo(relative, within(0.005));
  }

  /** TestGetRiskNumericalStability.test_extreme_mu_over_sigma_no_overflow. */
  @Test
  void risk_extremeMeanOverSigma_isTheLimit() {
    assertThat(BayesianEffectTest.risk(0.01, 4.5e-9)).containsExactly(0.01, 0.0);
    assertThat(BayesianEffectTest.risk(-0.01, 4.5e-9)).containsExactly(0.0, 0.01);
  }

  /** TestGetRiskNumericalStability.test_normal_inputs_bit_exact_regression (10 decimals). */
  @Test
  void risk_normalInputs_matchGbstats() {
    double[] risk = BayesianEffectTest.risk(0.1, 0.05);
    assertThat(risk[0]).isCloseTo(0.1004245351308, within(5e-11));
    assertThat(risk[1]).isCloseTo(0.0004245351308414, within(5e-11));
  }
}
