package io.tidemark.experiment.stats;

/**
 * Whether an effect could be estimated. Anything but {@link #OK} comes with GrowthBook's
 * uninformative output (effect 0, interval [0, 0], p-value 1, chance to win 0.5, risks 0), never
 * NaN.
 */
public enum Status {
  OK,
  /** A variance is zero or negative (one unit, identical values); gbstats ZERO_NEGATIVE_VARIANCE. */
  ZERO_VARIANCE,
  /** The control mean is zero, so there is no baseline; gbstats ZERO_NEGATIVE_BASELINE_VARIATION. */
  ZERO_BASELINE,
  /** Neither arm has any units. */
  NO_DATA,
  /** Only one of the arms compared has units, or the metric has no treatment variant. */
  SINGLE_ARM,
  /** The sequential one-sided p-value search did not converge (p-value left out). */
  P_VALUE_NOT_CONVERGED
}
