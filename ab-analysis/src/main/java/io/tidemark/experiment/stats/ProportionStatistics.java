package io.tidemark.experiment.stats;

/**
 * n and the number of converted units of a 0/1 per-unit value. Variance is p(1 − p), as gbstats
 * {@code ProportionStatistic.variance}. Σx² equals Σx for a 0/1 value.
 */
public record ProportionStatistics(long n, double sum) implements MomentStatistics {
  public static final ProportionStatistics EMPTY = new ProportionStatistics(0, 0);

  public ProportionStatistics {
    Checks.units("n", n);
    Checks.finite("sum", sum);
    if (sum < 0 || sum > n) {
      throw new IllegalArgumentException("sum must be between 0 and n (" + n + "): " + sum);
    }
  }

  /** The statistics of a single unit that converted or not. */
  public static ProportionStatistics ofUnit(boolean converted) {
    return new ProportionStatistics(1, converted ? 1 : 0);
  }

  public ProportionStatistics plus(ProportionStatistics other) {
    return new ProportionStatistics(n + other.n, sum + other.sum);
  }

  @Override
  public MomentStatistics plus(MomentStatistics other) {
    if (other instanceof ProportionStatistics p) {
      return plus(p);
    }
    throw new IllegalArgumentException("cannot merge ProportionStatistics with " + other);
  }

  @Override
  public double sumSquares() {
    return sum;
  }

  @Override
  public double variance() {
    double p = mean();
    return p * (1 - p);
  }
}
