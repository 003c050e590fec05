package io.tidemark.experiment.stats.internals;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;

/**
 * The normal and Student t functions the tests need, to the precision scipy gives gbstats.
 *
 * <p>Implementation note: tails come straight from the special functions (erfc; the regularized
 * incomplete beta, Abramowitz and Stegun 26.7.1) rather than as 1 − cdf, so small p-values keep
 * their digits. Quantiles start from commons-math3's inverse and are polished by Newton steps on
 * those tails, since its default solver accuracy (1e-9) is far from double precision.
 */
public final class Distributions {
  private static final double SQRT2 = Math.sqrt(2);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  private Distributions() {}

  /** Φ(x), the standard normal cdf. */
  public static double normalCdf(double x) {
    return 0.5 * Erf.erfc(-x / SQRT2);
  }

  /** φ(x), the standard normal density. */
  public static double normalDensity(double x) {
    return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  }

  /** Φ⁻¹(p) for 0 < p < 1. */
  public static double normalQuantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("probability must be between 0 and 1: " + p);
    }
    double x = SQRT2 * Erf.erfInv(2 * p - 1);
    for (int i = 0; i < 3; i++) {
      double density = normalDensity(x);
      if (density == 0) {
        break;
      }
      // Newton step on the smaller tail to keep relative precision in both tails.
      double step = p < 0.5 ? (normalCdf(x) - p) / density : ((1 - p) - normalCdf(-x)) / -density;
      x -= step;
    }
    return x;
  }

  /** P(T > t) for Student's t with {@code dof} degrees of freedom. */
  public static double studentUpperTail(double t, double dof) {
    double tail = 0.5 * Beta.regularizedBeta(dof / (dof + t * t), dof / 2, 0.5);
    return t >= 0 ? tail : 1 - tail;
  }

  /** P(T ≤ t). */
  public static double studentCdf(double t, double dof) {
    return t <= 0 ? studentUpperTail(-t, dof) : 1 - studentUpperTail(t, dof);
  }

  /** The t such that P(T ≤ t) = p, for 0 < p < 1. */
  public static double studentQuantile(double p, double dof) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("probability must be between 0 and 1: " + p);
    }
    TDistribution t = new TDistribution(null, dof, 1e-14);
    double x = t.inverseCumulativeProbability(p);
    for (int i = 0; i < 3; i++) {
      double density = t.density(x);
      if (!(density > 0)) {
        break;
      }
      double step =
          p < 0.5
              ? (studentUpperTail(-x, dof) - p) / density
              : ((1 - p) - studentUpperTail(x, dof)) / -density;
      x -= step;
    }
    return x;
  }
}
