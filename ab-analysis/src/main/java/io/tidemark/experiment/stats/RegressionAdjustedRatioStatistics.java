package io.tidemark.experiment.stats;

/**
 * CUPED on a ratio metric: the ratio during the experiment ({@code post}: numerator M, denominator
 * D), the same ratio before exposure ({@code pre}) and the four cross-products between periods that
 * the 4×4 covariance matrix of (M_post, D_post, M_pre, D_pre) needs. As gbstats {@code
 * models/statistics.py RegressionAdjustedRatioStatistic}; the adjusted value is post − θ·pre.
 *
 * @param mPostMPreSumProducts Σ M_post·M_pre
 * @param dPostDPreSumProducts Σ D_post·D_pre
 * @param mPostDPreSumProducts Σ M_post·D_pre
 * @param mPreDPostSumProducts Σ M_pre·D_post
 */
public record RegressionAdjustedRatioStatistics(
    RatioStatistics post,
    RatioStatistics pre,
    double mPostMPreSumProducts,
    double dPostDPreSumProducts,
    double mPostDPreSumProducts,
    double mPreDPostSumProducts)
    implements VariantStatistics {

  public RegressionAdjustedRatioStatistics {
    Checks.notNull("post", post);
    Checks.notNull("pre", pre);
    Checks.finite("mPostMPreSumProducts", mPostMPreSumProducts);
    Checks.finite("dPostDPreSumProducts", dPostDPreSumProducts);
    Checks.finite("mPostDPreSumProducts", mPostDPreSumProducts);
    Checks.finite("mPreDPostSumProducts", mPreDPostSumProducts);
    Checks.sameKind("post and pre numerators", post.numerator(), pre.numerator());
    Checks.sameKind("post and pre denominators", post.denominator(), pre.denominator());
  }

  /** The statistics of a single unit with its numerator and denominator in both periods. */
  public static RegressionAdjustedRatioStatistics ofUnit(
      double mPost, double dPost, double mPre, double dPre) {
    return new RegressionAdjustedRatioStatistics(
        RatioStatistics.ofUnit(mPost, dPost), RatioStatistics.ofUnit(mPre, dPre),
        mPost * mPre, dPost * dPre, mPost * dPre, mPre * dPost);
  }

  public RegressionAdjustedRatioStatistics plus(RegressionAdjustedRatioStatistics other) {
    return new RegressionAdjustedRatioStatistics(
        post.plus(other.post),
        pre.plus(other.pre),
        mPostMPreSumProducts + other.mPostMPreSumProducts,
        dPostDPreSumProducts + other.dPostDPreSumProducts,
        mPostDPreSumProducts + other.mPostDPreSumProducts,
        mPreDPostSumProducts + other.mPreDPostSumProducts);
  }

  @Override
  public long units() {
    return post.units();
  }

  /** The unadjusted ratio of the experiment period. */
  @Override
  public double mean() {
    return post.mean();
  }

  /** Per-unit means of (M_post, D_post, M_pre, D_pre): gbstats {@code betahat}. */
  public double[] means() {
    return new double[] {
      post.numerator().mean(), post.denominator().mean(),
      pre.numerator().mean(), pre.denominator().mean()
    };
  }

  /** Per-unit covariance matrix of (M_post, D_post, M_pre, D_pre): gbstats {@code lambda_matrix}. */
  public double[][] covarianceMatrix() {
    long n = units();
    MomentStatistics mPost = post.numerator();
    MomentStatistics dPost = post.denominator();
    MomentStatistics mPre = pre.numerator();
    MomentStatistics dPre = pre.denominator();
    double mPostDPost = post.covariance();
    double mPostMPre = Covariance.of(n, mPost, mPre, mPostMPreSumProducts);
    double mPostDPre = Covariance.of(n, mPost, dPre, mPostDPreSumProducts);
    double dPostMPre = Covariance.of(n, dPost, mPre, mPreDPostSumProducts);
    double dPostDPre = Covariance.of(n, dPost, dPre, dPostDPreSumProducts);
    double mPreDPre = pre.covariance();
    return new double[][] {
      {mPost.variance(), mPostDPost, mPostMPre, mPostDPre},
      {mPostDPost, dPost.variance(), dPostMPre, dPostDPre},
      {mPostMPre, dPostMPre, mPre.variance(), mPreDPre},
      {mPostDPre, dPostDPre, mPreDPre, dPre.variance()}
    };
  }
}
