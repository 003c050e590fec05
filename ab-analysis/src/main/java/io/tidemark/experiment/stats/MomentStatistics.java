package io.tidemark.experiment.stats;

/**
 * Count, sum and sum of squares of one per-unit value: the first two sample moments. Either a
 * numeric value ({@link SampleStatistics}) or a 0/1 conversion ({@link ProportionStatistics}).
 */
public sealed interface MomentStatistics extends VariantStatistics
    permits SampleStatistics, ProportionStatistics {

  long n();

  double sum();

  double sumSquares();

  /** Per-unit variance: sample variance (n − 1) for values, p(1 − p) for proportions. */
  double variance();

  /** Merges two partial aggregates of the same kind. */
  MomentStatistics plus(MomentStatistics other);

  @Override
  default long units() {
    return n();
  }

  @Override
  default double mean() {
    return n() == 0 ? 0 : sum() / n();
  }
}
