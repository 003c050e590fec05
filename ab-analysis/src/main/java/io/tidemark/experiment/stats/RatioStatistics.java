package io.tidemark.experiment.stats;

import io.tidemark.experiment.stats.internals.DeltaMethod;

/**
 * A ratio metric (e.g. revenue per session, with sessions per user as the denominator): the
 * numerator's and the denominator's moments per unit and Σ(numerator·denominator). The ratio is
 * Σnumerator / Σdenominator, and its per-unit variance comes from the delta method, as gbstats
 * {@code RatioStatistic.variance}.
 */
public record RatioStatistics(
    MomentStatistics numerator, MomentStatistics denominator, double numeratorDenominatorSumProducts)
    implements VariantStatistics {

  public RatioStatistics {
    Checks.notNull("numerator", numerator);
    Checks.notNull("denominator", denominator);
    Checks.finite("numeratorDenominatorSumProducts", numeratorDenominatorSumProducts);
    if (numerator.n() != denominator.n()) {
      throw new IllegalArgumentException(
          "numerator and denominator must count the same units: "
              + numerator.n()
              + " vs "
              + denominator.n());
    }
  }

  /** The statistics of a single unit with the given numerator and denominator values. */
  public static RatioStatistics ofUnit(double numerator, double denominator) {
    return new RatioStatistics(
        SampleStatistics.ofUnit(numerator),
        SampleStatistics.ofUnit(denominator),
        numerator * denominator);
  }

  public RatioStatistics plus(RatioStatistics other) {
    return new RatioStatistics(
        numerator.plus(other.numerator),
        denominator.plus(other.denominator),
        numeratorDenominatorSumProducts + other.numeratorDenominatorSumProducts);
  }

  @Override
  public long units() {
    return numerator.n();
  }

  @Override
  public double mean() {
    return denominator.sum() == 0 ? 0 : numerator.sum() / denominator.sum();
  }

  /** Covariance of numerator and denominator per unit. */
  public double covariance() {
    return Covariance.of(
        units(), numerator, denominator, numeratorDenominatorSumProducts);
  }

  /** Per-unit variance of the ratio (delta method); 0 when the denominator mean is 0 or n ≤ 1. */
  public double variance() {
    if (denominator.mean() == 0 || units() <= 1) {
      return 0;
    }
    return DeltaMethod.varianceOfRatio(
        numerator.mean(), numerator.variance(), denominator.mean(), denominator.variance(),
        covariance());
  }
}
