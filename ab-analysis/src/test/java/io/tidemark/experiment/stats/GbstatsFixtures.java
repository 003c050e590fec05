package io.tidemark.experiment.stats;

/**
 * Inputs copied from GrowthBook's gbstats tests ({@code packages/stats/tests/...}), under the
 * names used there, so each case can be traced to its source.
 */
final class GbstatsFixtures {
  private GbstatsFixtures() {}

  /** Published to 5 decimals (DECIMALS = 5 in test_tests.py): agreement within half a unit. */
  static final double FIVE_DECIMALS = 5e-6;
  /** Published to 9 decimals (DECIMALS = 9 in test_gbstats.py). */
  static final double NINE_DECIMALS = 5e-10;
  /** Published unrounded: the bar this engine must meet. */
  static final double FULL_PRECISION = 1e-6;

  /** frequentist/test_tests.py TestTwoSidedTTest.setUp. */
  static final SampleStatistics TWO_SIDED_A = new SampleStatistics(3407, 1396.87, 52377.9767);
  static final SampleStatistics TWO_SIDED_B = new SampleStatistics(3461, 2422.7, 134698.29);

  /** frequentist/test_tests.py TestSequentialTTest, TestOneSided*TTest.setUp. */
  static final SampleStatistics STAT_A_3000 = new SampleStatistics(3000, 1396.87, 52377.9767);
  static final SampleStatistics STAT_B_3461 = new SampleStatistics(3461, 2422.7, 134698.29);

  /** test_gbstats.py QUERY_OUTPUT, dimension "one" (users = count). */
  static final SampleStatistics QUERY_ONE_ZERO = new SampleStatistics(100, 270, 848.79);
  static final SampleStatistics QUERY_ONE_ONE = new SampleStatistics(120, 300, 869);

  /** test_gbstats.py RATIO_STATISTICS_DF. */
  static final RatioStatistics RATIO_ZERO =
      new RatioStatistics(
          new SampleStatistics(100, 270, 848.79), new SampleStatistics(100, 510, 810), -900);
  static final RatioStatistics RATIO_ONE =
      new RatioStatistics(
          new SampleStatistics(120, 300, 869), new SampleStatistics(120, 500, 800), -905);

  /** test_gbstats.py ZERO_DENOM_RATIO_STATISTICS_DF, variation "zero". */
  static final RatioStatistics RATIO_ZERO_DENOM_ZERO =
      new RatioStatistics(
          new SampleStatistics(100, 270, 848.79), new SampleStatistics(100, 0, 0), 0);

  /** test_gbstats.py ONE_USER_DF. */
  static final SampleStatistics ONE_USER_ZERO = new SampleStatistics(3, 20, 443);
  static final SampleStatistics ONE_USER_ONE = new SampleStatistics(1, 1, 1);

  /** test_gbstats.py RA_STATISTICS_DF (count metric, count covariate). */
  static final RegressionAdjustedStatistics RA_ZERO =
      new RegressionAdjustedStatistics(
          new SampleStatistics(3001, 300, 600), new SampleStatistics(3001, 210, 415), -20);
  static final RegressionAdjustedStatistics RA_ONE =
      new RegressionAdjustedStatistics(
          new SampleStatistics(3000, 222, 555), new SampleStatistics(3000, 120, 405), -10);

  /** test_gbstats.py RA_STATISTICS_DF as binomial metric and covariate (squares dropped). */
  static final RegressionAdjustedStatistics RA_PROPORTION_ZERO =
      new RegressionAdjustedStatistics(
          new ProportionStatistics(3001, 300), new ProportionStatistics(3001, 210), -20);
  static final RegressionAdjustedStatistics RA_PROPORTION_ONE =
      new RegressionAdjustedStatistics(
          new ProportionStatistics(3000, 222), new ProportionStatistics(3000, 120), -10);

  /** test_gbstats.py THREE_ARMED_CUPED_DF, variation "two". */
  static final RegressionAdjustedStatistics RA_TWO =
      new RegressionAdjustedStatistics(
          new SampleStatistics(4000, 450, 900), new SampleStatistics(4000, 300, 600), -30);

  /** frequentist/test_tests.py test_two_sided_ttest_test_runs_ratio_ra, stat_a. */
  static final RegressionAdjustedRatioStatistics RATIO_RA_A =
      ratioRa(
          new double[] {485.112236689623, 2715.484666118136, 679.9093275844917, 4939.424001640236,
            192.59138069991536, 460.076026390857, 290.1398399750233, 920.9461385038898},
          1113.6215759318352, 2130.9404074446747, 634.239482353647, 3602.146836776702,
          1559.2878434944676, 1460.3181079276983);

  /** frequentist/test_tests.py test_two_sided_ttest_test_runs_ratio_ra, stat_b. */
  static final RegressionAdjustedRatioStatistics RATIO_RA_B =
      ratioRa(
          new double[] {514.7757826608777, 2994.897482705013, 705.4090874383759, 5291.36604146392,
            206.94157227402536, 514.2903702246757, 302.54389139107326, 994.4506208125663},
          1237.0953021125997, 2292.081739775257, 698.4173425817908, 3918.1561431600717,
          1701.0287270040265, 1604.0759503266522);

  /** test_gbstats.py RATIO_RA_STATISTICS_DF, variation "one" (last digits differ from stat_b). */
  static final RegressionAdjustedRatioStatistics RATIO_RA_DF_ONE =
      ratioRa(
          new double[] {514.7757826608777, 2994.897482705013, 705.4090874383759, 5291.36604146392,
            206.94157227402536, 514.2903702246757, 302.54389139107326, 994.4506208125663},
          1237.0953021125997, 2292.081739775257, 698.4173425817913, 3918.1561431600717,
          1701.0287270040265, 1604.075950326651);

  /**
   * n = 100 and the sums in gbstats's order: m_post (sum, squares), d_post, m_pre, d_pre; then the
   * products m_post·m_pre, d_post·d_pre, m_pre·d_pre, m_post·d_post, m_post·d_pre, m_pre·d_post.
   */
  private static RegressionAdjustedRatioStatistics ratioRa(double[] sums, double mPostMPre,
      double dPostDPre, double mPreDPre, double mPostDPost, double mPostDPre, double mPreDPost) {
    var post = new RatioStatistics(new SampleStatistics(100, sums[0], sums[1]),
        new SampleStatistics(100, sums[2], sums[3]), mPostDPost);
    var pre = new RatioStatistics(new SampleStatistics(100, sums[4], sums[5]),
        new SampleStatistics(100, sums[6], sums[7]), mPreDPre);
    return new RegressionAdjustedRatioStatistics(
        post, pre, mPostMPre, dPostDPre, mPostDPre, mPreDPost);
  }

  static AnalysisSettings frequentist() {
    return AnalysisSettings.defaults().withEngine(Engine.FREQUENTIST);
  }

  static AnalysisSettings bayesian() {
    return AnalysisSettings.defaults().withEngine(Engine.BAYESIAN);
  }
}
