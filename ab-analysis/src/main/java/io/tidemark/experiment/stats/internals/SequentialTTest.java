package io.tidemark.experiment.stats.internals;

import io.tidemark.experiment.stats.Alternative;
import io.tidemark.experiment.stats.EffectEstimate;
import io.tidemark.experiment.stats.Status;

/**
 * Always-valid inference with asymptotic confidence sequences: Waudby-Smith, Arnold, Wu, Howard,
 * Ramdas et al., "Time-uniform central limit theory and asymptotic confidence sequences"
 * (arXiv:2103.06476v7), as gbstats {@code frequentist/tests.py SequentialTwoSidedTTest}, {@code
 * SequentialOneSidedTreatmentGreaterTTest} and {@code SequentialOneSidedTreatmentLesserTTest}.
 *
 * <p>With n the units of both arms and s² = se²·n: ρ = √((−2 ln α' + ln(−2 ln α' + 1)) / η) (eq.
 * 161; η the tuning parameter, α' = α two-sided and 2α one-sided). Two-sided half-width (eq. 9):
 * s·√(2(nρ² + 1)·ln(√(nρ² + 1)/α) / (nρ)²); p-value (eq. 155) 1/E with E = exp(ρ²·S/(2(nρ² + 1)))
 * / √(nρ² + 1), S = effect²·n/se², capped at 1. One-sided half-width (eq. 134): √(s²·2(nρ² + 1)/(nρ)²
 * · ln(1 + √(nρ² + 1)/(2α))); its p-value is the α at which the bound touches 0, found by gbstats's
 * bisection over [1e-5, 0.4999] with ρ held at the configured α.
 */
public final class SequentialTTest {
  private static final double MIN_ALPHA = 1e-5;
  private static final double MAX_ALPHA = 0.4999;
  private static final double TOLERANCE = 1e-6;
  private static final int MAX_ITERATIONS = 100;

  private SequentialTTest() {}

  public static EffectEstimate estimate(
      EffectMoments m, Alternative alternative, double alpha, double tuning) {
    if (m.status() != Status.OK) {
      return FrequentistResults.uninformative(m.status());
    }
    double n = m.totalUnits();
    double s2 = m.standardError() * m.standardError() * n;
    double estimate = m.pointEstimate();
    if (alternative == Alternative.TWO_SIDED) {
      double rho = rho(alpha, tuning, true);
      double halfWidth = twoSidedHalfWidth(s2, n, alpha, rho);
      double st2 = estimate * estimate * n / (m.standardError() * m.standardError());
      double tr2p1 = n * rho * rho + 1;
      // 1/E computed directly so a huge E gives 0 rather than overflowing.
      double p = Math.min(Math.exp(-rho * rho * st2 / (2 * tr2p1)) * Math.sqrt(tr2p1), 1);
      return FrequentistResults.of(m, estimate - halfWidth, estimate + halfWidth, p);
    }
    boolean less = alternative == Alternative.LESS;
    double rho = rho(alpha, tuning, false);
    double halfWidth = oneSidedHalfWidth(s2, n, alpha, rho);
    Double p = oneSidedPValue(estimate, s2, n, rho, less);
    double low = less ? Double.NEGATIVE_INFINITY : estimate - halfWidth;
    double high = less ? estimate + halfWidth : Double.POSITIVE_INFINITY;
    if (p == null) {
      return new EffectEstimate(estimate, low, high, m.standardError(), null, null, null, null,
          null, Status.P_VALUE_NOT_CONVERGED);
    }
    return FrequentistResults.of(m, low, high, p);
  }

  static double rho(double alpha, double tuning, boolean twoSided) {
    double a = twoSided ? alpha : 2 * alpha;
    return Math.sqrt((-2 * Math.log(a) + Math.log(-2 * Math.log(a) + 1)) / tuning);
  }

  static double twoSidedHalfWidth(double s2, double n, double alpha, double rho) {
    double nr2 = n * rho * rho;
    return Math.sqrt(s2)
        * Math.sqrt(2 * (nr2 + 1) * Math.log(Math.sqrt(nr2 + 1) / alpha) / Math.pow(n * rho, 2));
  }

  static double oneSidedHalfWidth(double s2, double n, double alpha, double rho) {
    double nr2 = n * rho * rho;
    double part2 = 2 * (nr2 + 1) / Math.pow(n * rho, 2);
    double part3 = Math.log(1 + Math.sqrt(nr2 + 1) / (2 * alpha));
    return Math.sqrt(s2 * part2 * part3);
  }

  /**
   * gbstats {@code SequentialOneSidedTreatmentLesserTTest.compute_p_value}, step for step, so the
   * result lands on the same bisection point. Returns null when it does not converge.
   */
  private static Double oneSidedPValue(double estimate, double s2, double n, double rho,
      boolean less) {
    double minAlpha = MIN_ALPHA;
    double maxAlpha = MAX_ALPHA;
    double small = bound(estimate, s2, n, minAlpha, rho, less);
    if (less ? small < 0 : small > 0) {
      return minAlpha;
    }
    double big = bound(estimate, s2, n, maxAlpha, rho, less);
    if (less ? big > 0 : big < 0) {
      return maxAlpha;
    }
    double alpha = 0.5 * (minAlpha + maxAlpha);
    double diff = 0;
    for (int i = 0; i < MAX_ITERATIONS; i++) {
      diff = bound(estimate, s2, n, alpha, rho, less);
      boolean raiseAlpha = less ? diff > 0 : diff < 0;
      if (raiseAlpha) {
        minAlpha = alpha;
      } else {
        maxAlpha = alpha;
      }
      alpha = 0.5 * (minAlpha + maxAlpha);
      if (Math.abs(diff) < TOLERANCE) {
        break;
      }
    }
    return Math.abs(diff) < TOLERANCE ? alpha : null;
  }

  /** The finite bound of the one-sided sequence at level {@code alpha}. */
  private static double bound(double estimate, double s2, double n, double alpha, double rho,
      boolean less) {
    double halfWidth = oneSidedHalfWidth(s2, n, alpha, rho);
    return less ? estimate + halfWidth : estimate - halfWidth;
  }
}
