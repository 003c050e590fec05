package io.tidemark.experiment.stats.internals;

import io.tidemark.experiment.stats.RegressionAdjustedRatioStatistics;

/**
 * CUPED on ratio metrics, gbstats {@code models/statistics.py RegressionAdjustedRatioStatistic} and
 * {@code models/tests.py frequentist_variance_relative_cuped_ratio}.
 *
 * <p>With β = means of (M_post, D_post, M_pre, D_pre) and Λ their per-unit covariance matrix, the
 * adjusted value is M_post/D_post − θ·M_pre/D_pre and its per-unit variance ∇ᵀΛ∇ (delta method)
 * with ∇ = (1/β₁, −β₀/β₁², −θ/β₃, θβ₂/β₃²). θ minimises the pooled variance of both arms:
 * θ = −(c_a + c_b)/(v_a + v_b) with c the pre/post cross term and v the pre term of ∇ᵀΛ∇ at θ = 1
 * ({@code compute_theta_regression_adjusted_ratio}); |θ| < 1e-8 means no adjustment.
 */
final class RatioCuped {
  private RatioCuped() {}

  static double pooledTheta(RegressionAdjustedRatioStatistics a, RegressionAdjustedRatioStatistics b) {
    double preA = quadratic(a, 1, 2, 4, 2, 4);
    double preB = quadratic(b, 1, 2, 4, 2, 4);
    if (preA + preB == 0) {
      return 0;
    }
    double crossA = quadratic(a, 1, 2, 4, 0, 2);
    double crossB = quadratic(b, 1, 2, 4, 0, 2);
    return -(crossA + crossB) / (preA + preB);
  }

  static double adjustedMean(RegressionAdjustedRatioStatistics s, double theta) {
    if (s.post().denominator().sum() == 0 || s.pre().denominator().sum() == 0) {
      return 0;
    }
    return s.post().mean() - theta * s.pre().mean();
  }

  static double variance(RegressionAdjustedRatioStatistics s, double theta) {
    return quadratic(s, theta, 0, 4, 0, 4);
  }

  /** Per-unit gradient of the adjusted ratio with respect to β (absolute case). */
  static double[] gradient(RegressionAdjustedRatioStatistics s, double theta) {
    double[] beta = s.means();
    if (beta[1] == 0 || beta[3] == 0) {
      return new double[4];
    }
    return new double[] {
      1 / beta[1], -beta[0] / (beta[1] * beta[1]),
      -theta / beta[3], theta * beta[2] / (beta[3] * beta[3])
    };
  }

  /** The variance of the relative effect: gbstats {@code frequentist_variance_relative_cuped_ratio}. */
  static double relativeVariance(
      RegressionAdjustedRatioStatistics a, RegressionAdjustedRatioStatistics b, double theta) {
    double baseline = a.mean();
    double dPostA = a.post().denominator().mean();
    if (baseline == 0 || dPostA == 0) {
      return 0;
    }
    double gAbs = (adjustedMean(b, theta) - adjustedMean(a, theta)) * Math.signum(baseline);
    double gRelDen = Math.abs(baseline);
    double mPostA = a.post().numerator().mean();
    double[] nablaA = gradient(a, theta);
    double[] ctrl = {
      -(gRelDen + gAbs) / dPostA / (gRelDen * gRelDen),
      (mPostA * gRelDen / (dPostA * dPostA) + mPostA * gAbs / (dPostA * dPostA)) / (gRelDen * gRelDen),
      -nablaA[2] / gRelDen,
      -nablaA[3] / gRelDen
    };
    double[] treat = gradient(b, theta);
    for (int i = 0; i < 4; i++) {
      treat[i] /= gRelDen;
    }
    return form(ctrl, a.covarianceMatrix(), ctrl, 0, 4, 0, 4) / a.units()
        + form(treat, b.covarianceMatrix(), treat, 0, 4, 0, 4) / b.units();
  }

  /** ∇[r0..r1)ᵀ Λ[r0..r1, c0..c1) ∇[c0..c1) at the given θ. */
  private static double quadratic(
      RegressionAdjustedRatioStatistics s, double theta, int r0, int r1, int c0, int c1) {
    double[] g = gradient(s, theta);
    return form(g, s.covarianceMatrix(), g, r0, r1, c0, c1);
  }

  private static double form(double[] left, double[][] m, double[] right, int r0, int r1, int c0,
      int c1) {
    double total = 0;
    for (int i = r0; i < r1; i++) {
      for (int j = c0; j < c1; j++) {
        total += left[i] * m[i][j] * right[j];
      }
    }
    return total;
  }
}
