package io.tidemark.experiment.stats;

/**
 * n, Σx and Σx² of a numeric per-unit value. Variance is the unbiased sample variance
 * (Σx² − (Σx)²/n) / (n − 1), as gbstats {@code SampleMeanStatistic.variance}; 0 when n ≤ 1.
 */
public record SampleStatistics(long n, double sum, double sumSquares) implements MomentStatistics {
  public static final SampleStatistics EMPTY = new SampleStatistics(0, 0, 0);

  public SampleStatistics {
    Checks.units("n", n);
    Checks.finite("sum", sum);
    Checks.finite("sumSquares", sumSquares);
    if (sumSquares < 0) {
      throw new IllegalArgumentException("sumSquares must not be negative: " + sumSquares);
    }
  }

  /** The statistics of a single unit whose value is {@code value}. */
  public static SampleStatistics ofUnit(double value) {
    return new SampleStatistics(1, value, value * value);
  }

  public SampleStatistics plus(SampleStatistics other) {
    return new SampleStatistics(n + other.n, sum + other.sum, sumSquares + other.sumSquares);
  }

  @Override
  public MomentStatistics plus(MomentStatistics other) {
    if (other instanceof SampleStatistics s) {
      return plus(s);
    }
    throw new IllegalArgumentException("cannot merge SampleStatistics with " + other);
  }

  @Override
  public double variance() {
    if (n <= 1) {
      return 0;
    }
    return (sumSquares - sum * sum / n) / (n - 1);
  }
}
