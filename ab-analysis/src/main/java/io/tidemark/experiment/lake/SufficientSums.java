package io.tidemark.experiment.lake;

import io.tidemark.experiment.metrics.MetricType;
import io.tidemark.experiment.stats.MomentStatistics;
import io.tidemark.experiment.stats.ProportionStatistics;
import io.tidemark.experiment.stats.RatioStatistics;
import io.tidemark.experiment.stats.RegressionAdjustedRatioStatistics;
import io.tidemark.experiment.stats.RegressionAdjustedStatistics;
import io.tidemark.experiment.stats.SampleStatistics;
import io.tidemark.experiment.stats.VariantStatistics;

/**
 * Every sum any metric shape needs, over a set of units: the columns of an {@code
 * experiment_stats} metric row. Per unit, with m = {@code value}, d = {@code denominator}, m' =
 * {@code covariate} and d' = {@code covariate_denominator} of {@code experiment_units} (absent
 * ones are 0): n, Σm, Σm², Σd, Σd², Σmd, Σm', Σm'², Σmm', Σd', Σd'², Σm'd', Σmd', Σm'd, Σdd'.
 *
 * <p>Sums commute, so partials {@link #plus} in any order to the sums of one pass over all units
 * (the shape of Caffeine's {@code CacheStats}). {@link #minus} takes a unit out of a cumulative
 * partial when its value changes; rounding can leave a sum of squares a few ulps below 0, which
 * {@link #toStatistics} reads as 0.
 */
public record SufficientSums(
    long users,
    double mainSum,
    double mainSumSquares,
    double denominatorSum,
    double denominatorSumSquares,
    double mainDenominatorSumProduct,
    double covariateSum,
    double covariateSumSquares,
    double mainCovariateSumProduct,
    double denominatorPreSum,
    double denominatorPreSumSquares,
    double mainPreDenominatorPreSumProduct,
    double mainPostDenominatorPreSumProduct,
    double mainPreDenominatorPostSumProduct,
    double denominatorPostDenominatorPreSumProduct) {

  public static final SufficientSums ZERO = new SufficientSums(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public SufficientSums {
    if (users < 0) {
      throw new IllegalArgumentException("users must not be negative: " + users);
    }
  }

  /** One unit's sums; null denominators and covariates count as 0. */
  public static SufficientSums ofUnit(double value, Double denominator, Double covariate, Double covariateDenominator) {
    double m = value;
    double d = denominator == null ? 0 : denominator;
    double mp = covariate == null ? 0 : covariate;
    double dp = covariateDenominator == null ? 0 : covariateDenominator;
    return new SufficientSums(1, m, m * m, d, d * d, m * d, mp, mp * mp, m * mp, dp, dp * dp, mp * dp, m * dp,
        mp * d, d * dp);
  }

  public SufficientSums plus(SufficientSums o) {
    return combine(o, 1);
  }

  public SufficientSums minus(SufficientSums o) {
    if (o.users > users) {
      throw new IllegalArgumentException("cannot take " + o.users + " users out of " + users);
    }
    return combine(o, -1);
  }

  private SufficientSums combine(SufficientSums o, int sign) {
    return new SufficientSums(users + sign * o.users,
        mainSum + sign * o.mainSum,
        mainSumSquares + sign * o.mainSumSquares,
        denominatorSum + sign * o.denominatorSum,
        denominatorSumSquares + sign * o.denominatorSumSquares,
        mainDenominatorSumProduct + sign * o.mainDenominatorSumProduct,
        covariateSum + sign * o.covariateSum,
        covariateSumSquares + sign * o.covariateSumSquares,
        mainCovariateSumProduct + sign * o.mainCovariateSumProduct,
        denominatorPreSum + sign * o.denominatorPreSum,
        denominatorPreSumSquares + sign * o.denominatorPreSumSquares,
        mainPreDenominatorPreSumProduct + sign * o.mainPreDenominatorPreSumProduct,
        mainPostDenominatorPreSumProduct + sign * o.mainPostDenominatorPreSumProduct,
        mainPreDenominatorPostSumProduct + sign * o.mainPreDenominatorPostSumProduct,
        denominatorPostDenominatorPreSumProduct + sign * o.denominatorPostDenominatorPreSumProduct);
  }

  /**
   * The statistics engine's input for a metric of this shape: gbstats {@code ProportionStatistic}
   * / {@code SampleMeanStatistic} / {@code RatioStatistic}, wrapped for CUPED in {@code
   * RegressionAdjustedStatistic} / {@code RegressionAdjustedRatioStatistic}.
   */
  public VariantStatistics toStatistics(MetricType type, boolean cuped) {
    MomentStatistics main = moments(type, mainSum, mainSumSquares);
    MomentStatistics covariate = moments(type, covariateSum, covariateSumSquares);
    if (type != MetricType.RATIO) {
      return cuped ? new RegressionAdjustedStatistics(main, covariate, mainCovariateSumProduct) : main;
    }
    RatioStatistics post = new RatioStatistics(main, moments(type, denominatorSum, denominatorSumSquares),
        mainDenominatorSumProduct);
    if (!cuped) {
      return post;
    }
    RatioStatistics pre = new RatioStatistics(covariate, moments(type, denominatorPreSum, denominatorPreSumSquares),
        mainPreDenominatorPreSumProduct);
    return new RegressionAdjustedRatioStatistics(post, pre, mainCovariateSumProduct,
        denominatorPostDenominatorPreSumProduct, mainPostDenominatorPreSumProduct, mainPreDenominatorPostSumProduct);
  }

  private MomentStatistics moments(MetricType type, double sum, double squares) {
    if (type == MetricType.PROPORTION) {
      return new ProportionStatistics(users, sum);
    }
    return new SampleStatistics(users, sum, Math.max(0, squares));
  }
}
