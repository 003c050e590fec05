package io.tidemark.experiment.stats;

/**
 * CUPED statistics (Deng, Xu, Kohavi, Walker 2013, "Improving the Sensitivity of Online Controlled
 * Experiments by Utilizing Pre-Experiment Data"): the metric during the experiment ({@code post}),
 * the same metric before exposure ({@code pre}, the covariate) and Σ(post·pre). The adjusted value
 * is post − θ·pre with θ pooled over the arms compared; see gbstats {@code
 * RegressionAdjustedStatistic} and {@code compute_theta}.
 */
public record RegressionAdjustedStatistics(
    MomentStatistics post, MomentStatistics pre, double postPreSumProducts)
    implements VariantStatistics {

  public RegressionAdjustedStatistics {
    Checks.notNull("post", post);
    Checks.notNull("pre", pre);
    Checks.finite("postPreSumProducts", postPreSumProducts);
    Checks.sameKind("post and pre statistics", post, pre);
  }

  /** The statistics of a single unit with its value during and before the experiment. */
  public static RegressionAdjustedStatistics ofUnit(double post, double pre) {
    return new RegressionAdjustedStatistics(
        SampleStatistics.ofUnit(post), SampleStatistics.ofUnit(pre), post * pre);
  }

  public RegressionAdjustedStatistics plus(RegressionAdjustedStatistics other) {
    return new RegressionAdjustedStatistics(
        post.plus(other.post), pre.plus(other.pre), postPreSumProducts + other.postPreSumProducts);
  }

  @Override
  public long units() {
    return post.n();
  }

  /** The unadjusted mean of the experiment-period value. */
  @Override
  public double mean() {
    return post.mean();
  }

  /** Covariance of post and pre per unit. */
  public double covariance() {
    return Covariance.of(units(), post, pre, postPreSumProducts);
  }

  /** Mean of post − θ·pre. */
  public double adjustedMean(double theta) {
    return post.mean() - theta * pre.mean();
  }

  /** Per-unit variance of post − θ·pre: var_post + θ²·var_pre − 2θ·cov; 0 when n ≤ 1. */
  public double adjustedVariance(double theta) {
    if (units() <= 1) {
      return 0;
    }
    return post.variance() + theta * theta * pre.variance() - 2 * theta * covariance();
  }

  /**
   * θ = cov(post, pre) / var(pre) over the units of both arms pooled, gbstats {@code compute_theta};
   * 0 when either pooled variance is 0 (then CUPED falls back to the unadjusted metric).
   */
  public static double pooledTheta(
      RegressionAdjustedStatistics a, RegressionAdjustedStatistics b) {
    RegressionAdjustedStatistics joint = a.plus(b);
    double preVariance = joint.pre.variance();
    if (preVariance == 0 || joint.post.variance() == 0) {
      return 0;
    }
    return joint.covariance() / preVariance;
  }
}
