package io.tidemark.experiment.stats;

/**
 * Sample covariance of two per-unit values from their sums and the sum of their products, as
 * gbstats {@code models/statistics.py compute_covariance}: Σxy/n − ΣxΣy/n² when both are
 * proportions (matching the p(1 − p) variance), otherwise (Σxy − ΣxΣy/n) / (n − 1); 0 when n ≤ 1.
 */
final class Covariance {
  private Covariance() {}

  static double of(long n, MomentStatistics a, MomentStatistics b, double sumOfProducts) {
    if (n <= 1) {
      return 0;
    }
    if (a instanceof ProportionStatistics && b instanceof ProportionStatistics) {
      return sumOfProducts / n - a.sum() * b.sum() / ((double) n * n);
    }
    return (sumOfProducts - a.sum() * b.sum() / n) / (n - 1);
  }
}
