package io.tidemark.experiment.stats.internals;

/** Delta-method variances shared by the ratio statistics and the relative lift. */
public final class DeltaMethod {
  private DeltaMethod() {}

  /**
   * Variance of M/D, gbstats {@code utils.py variance_of_ratios}: var_m/μ_d² + var_d·μ_m²/μ_d⁴ −
   * 2·cov·μ_m/μ_d³ (first-order Taylor expansion of M/D around the means); 0 when μ_d = 0.
   */
  public static double varianceOfRatio(
      double meanM, double varM, double meanD, double varD, double covMD) {
    if (meanD == 0) {
      return 0;
    }
    double d2 = meanD * meanD;
    return varM / d2 + varD * meanM * meanM / (d2 * d2) - 2 * covMD * meanM / (d2 * meanD);
  }
}
