package io.tidemark.experiment.stats;

/**
 * Sufficient statistics of one metric in one variant: everything the statistics engine needs, and
 * exactly mergeable. Per-task partial aggregates from the stream are merged with {@code plus} in any
 * order and give the same result as one pass over all units (sums commute; see {@code CacheStats}
 * in Caffeine for the shape).
 *
 * <p>The kinds mirror GrowthBook's gbstats {@code models/statistics.py}: {@link SampleStatistics}
 * ({@code SampleMeanStatistic}), {@link ProportionStatistics} ({@code ProportionStatistic}), {@link
 * RatioStatistics} ({@code RatioStatistic}), {@link RegressionAdjustedStatistics} ({@code
 * RegressionAdjustedStatistic}, CUPED) and {@link RegressionAdjustedRatioStatistics} ({@code
 * RegressionAdjustedRatioStatistic}, CUPED on a ratio).
 */
public sealed interface VariantStatistics
    permits MomentStatistics,
        RatioStatistics,
        RegressionAdjustedStatistics,
        RegressionAdjustedRatioStatistics {

  /** Number of experiment units (users) counted in this variant. */
  long units();

  /** The unadjusted per-unit mean shown in reports (for ratios: numerator sum / denominator sum). */
  double mean();
}
