package io.tidemark.experiment.stats;

import static io.tidemark.experiment.stats.GbstatsFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The frequentist cases of gbstats {@code packages/stats/tests/frequentist/test_tests.py}, each
 * named after its test. Infinite bounds are the one-sided intervals' open ends.
 */
class FrequentistGbstatsCasesTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  record Case(
      String source,
      VariantStatistics control,
      VariantStatistics treatment,
      AnalysisSettings settings,
      double expected,
      double ciLow,
      double ciHigh,
      double se,
      double pValue,
      double tolerance) {
    @Override
    public String toString() {
      return source;
    }
  }

  static Stream<Case> cases() {
    AnalysisSettings rel = frequentist();
    AnalysisSettings abs = frequentist().withDifference(DifferenceType.ABSOLUTE);
    AnalysisSettings greater = rel.withAlternative(Alternative.GREATER);
    AnalysisSettings less = rel.withAlternative(Alternative.LESS);
    return Stream.of(
        new Case("TestTwoSidedTTest.test_two_sided_ttest", TWO_SIDED_A, TWO_SIDED_B, rel,
            0.70732, -0.03526, 1.44989, 0.37879, 0.06191, FIVE_DECIMALS),
        new Case("TestTwoSidedTTest.test_two_sided_ttest_absolute", TWO_SIDED_A, TWO_SIDED_B, abs,
            0.7 - 0.41, 0.04538, 0.53462, 0.12478, 0.02016, FIVE_DECIMALS),
        new Case("TestTwoSidedTTest.test_two_sided_ttest_binom",
            new ProportionStatistics(28, 14), new ProportionStatistics(30, 16), rel,
            0.06667, -0.47767, 0.61101, 0.2717, 0.80707, FIVE_DECIMALS),
        new Case("TestTwoSidedTTest.test_two_sided_ttest_test_runs_ratio_ra", RATIO_RA_A,
            RATIO_RA_B, rel, -0.0007, -0.00841, 0.00700, 0.00391, 0.85771, FIVE_DECIMALS),
        new Case("TestSequentialTTest.test_sequential_test_runs_ratio_ra", RATIO_RA_A,
            RATIO_RA_B, rel.withSequential(5000),
            -0.0007, -0.02063, 0.01923, 0.00391, 1.0, FIVE_DECIMALS),
        new Case("TestSequentialTTest.test_sequential_test_runs", STAT_A_3000, STAT_B_3461,
            rel.withSequential(1000),
            0.50336, -0.55844, 1.56516, 0.33341, 1, FIVE_DECIMALS),
        new Case("TestSequentialTTest.test_sequential_test_runs_prop",
            new ProportionStatistics(3000, 1396), new ProportionStatistics(3461, 2422),
            rel.withSequential(5000),
            0.50386, 0.40098, 0.60675, 0.03386, 0.0, FIVE_DECIMALS),
        new Case("TestSequentialTTest.test_sequential_test_runs_ra",
            new RegressionAdjustedStatistics(
                STAT_A_3000, new SampleStatistics(3000, 16.87, 527.9767), 1),
            new RegressionAdjustedStatistics(
                STAT_B_3461, new SampleStatistics(3461, 22.7, 1348.29), 1),
            rel.withSequential(5000),
            0.50338, -0.50969, 1.51646, 0.33341, 1, FIVE_DECIMALS),
        new Case("TestOneSidedGreaterTTest.test_one_sided_ttest", STAT_A_3000, STAT_B_3461,
            greater, 0.5033610858562358, -0.045136675850396046, INF, 0.3334122146400735,
            0.06558262868467746, FULL_PRECISION),
        new Case("TestOneSidedGreaterTTest.test_one_sided_ttest_absolute", STAT_A_3000,
            STAT_B_3461, greater.withDifference(DifferenceType.ABSOLUTE),
            0.23437666666666668, 0.020791480063255735, INF, 0.12983081254184736,
            0.03554272489873023, FULL_PRECISION),
        new Case("TestOneSidedLesserTTest.test_one_sided_ttest", STAT_A_3000, STAT_B_3461,
            less, 0.5033610858562358, -INF, 1.0518588475628676, 0.3334122146400735,
            0.9344173713153225, FULL_PRECISION),
        new Case("TestOneSidedLesserTTest.test_one_sided_ttest_absolute", STAT_A_3000,
            STAT_B_3461, less.withDifference(DifferenceType.ABSOLUTE),
            0.23437666666666668, -INF, 0.44796185327007765, 0.12983081254184736,
            0.9644572751012698, FULL_PRECISION),
        new Case("TestSequentialOneSidedGreaterTTest.test_one_sided_ttest", STAT_A_3000,
            STAT_B_3461, greater.withSequential(5000),
            0.5033610858562358, -0.42356454602790883, INF, 0.3334122146400735, 0.4999,
            FULL_PRECISION),
        new Case("TestSequentialOneSidedGreaterTTest.test_one_sided_ttest_absolute",
            STAT_A_3000, STAT_B_3461,
            greater.withSequential(5000).withDifference(DifferenceType.ABSOLUTE),
            0.23437666666666668, -0.12656844172804982, INF, 0.12983081254184736,
            0.46316491943359384, FULL_PRECISION),
        new Case("TestSequentialOneSidedLesserTTest.test_one_sided_ttest", STAT_A_3000,
            STAT_B_3461, less.withSequential(5000),
            0.5033610858562358, -INF, 1.4302867177403806, 0.3334122146400735, 0.4999,
            FULL_PRECISION),
        new Case("TestSequentialOneSidedLesserTTest.test_one_sided_ttest_absolute",
            STAT_A_3000, STAT_B_3461,
            less.withSequential(5000).withDifference(DifferenceType.ABSOLUTE),
            0.23437666666666668, -INF, 0.5953217750613832, 0.12983081254184736, 0.4999,
            FULL_PRECISION));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compare_matchesGbstats(Case c) {
    EffectEstimate e = new ExperimentAnalysis(c.settings()).compare(c.control(), c.treatment(), false);

    assertThat(e.status()).isEqualTo(Status.OK);
    assertThat(e.expected()).isCloseTo(c.expected(), within(c.tolerance()));
    assertBound(e.ciLow(), c.ciLow(), c.tolerance());
    assertBound(e.ciHigh(), c.ciHigh(), c.tolerance());
    assertThat(e.standardError()).isCloseTo(c.se(), within(c.tolerance()));
    assertThat(e.pValue()).isCloseTo(c.pValue(), within(c.tolerance()));
    assertThat(e.chanceToWin()).isNull();
    assertThat(e.riskControl()).isNull();
    assertThat(e.riskTreatment()).isNull();
  }

  /** TestSequentialTTest.test_sequential_test_tuning_as_expected: tuning near n is tightest. */
  @Test
  void sequential_tuningNearSampleSize_givesTheNarrowestInterval() {
    EffectEstimate below = sequential(10);
    EffectEstimate near = sequential(6461);
    EffectEstimate above = sequential(10000);
    assertThat(below.ciLow()).isLessThan(above.ciLow());
    assertThat(below.ciHigh()).isGreaterThan(above.ciHigh());
    assertThat(below.ciLow()).isLessThan(near.ciLow());
    assertThat(below.ciHigh()).isGreaterThan(near.ciHigh());
    assertThat(above.ciLow()).isLessThan(near.ciLow());
    assertThat(above.ciHigh()).isGreaterThan(near.ciHigh());
  }

  private static EffectEstimate sequential(double tuning) {
    return new ExperimentAnalysis(frequentist().withSequential(tuning))
        .compare(STAT_A_3000, STAT_B_3461, false);
  }

  static void assertBound(double actual, double expected, double tolerance) {
    if (Double.isInfinite(expected)) {
      assertThat(actual).isEqualTo(expected);
    } else {
      assertThat(actual).isCloseTo(expected, within(tolerance));
    }
  }
}
