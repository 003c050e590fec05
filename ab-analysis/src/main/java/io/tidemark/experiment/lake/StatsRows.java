package io.tidemark.experiment.lake;

import io.tidemark.experiment.metrics.MetricType;
import io.tidemark.lake.datasets.ExperimentStatsRow;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Between {@link SufficientSums} and {@code experiment_stats} metric rows. A row stores only the
 * sums its shape uses: the denominator columns for ratios, the covariate columns with CUPED, the
 * pre-period denominator columns for CUPED on a ratio; the others are null, and read back as 0.
 */
public final class StatsRows {
  private StatsRows() {}

  /** The metric row of one task's cumulative partial. */
  public static ExperimentStatsRow metricRow(int task, long version, Instant watermark, String experiment,
      String variant, String metric, MetricType type, boolean cuped, LocalDate day, SufficientSums s) {
    boolean ratio = type == MetricType.RATIO;
    return new ExperimentStatsRow(ExperimentStatsRow.Kind.METRIC, task, version, watermark, experiment, variant,
        metric, type.text(), day, s.users(),
        s.mainSum(), s.mainSumSquares(),
        ratio ? s.denominatorSum() : null,
        ratio ? s.denominatorSumSquares() : null,
        ratio ? s.mainDenominatorSumProduct() : null,
        cuped ? s.covariateSum() : null,
        cuped ? s.covariateSumSquares() : null,
        cuped ? s.mainCovariateSumProduct() : null,
        ratio && cuped ? s.denominatorPreSum() : null,
        ratio && cuped ? s.denominatorPreSumSquares() : null,
        ratio && cuped ? s.mainPreDenominatorPreSumProduct() : null,
        ratio && cuped ? s.mainPostDenominatorPreSumProduct() : null,
        ratio && cuped ? s.mainPreDenominatorPostSumProduct() : null,
        ratio && cuped ? s.denominatorPostDenominatorPreSumProduct() : null);
  }

  public static SufficientSums sums(ExperimentStatsRow r) {
    return new SufficientSums(r.users(), z(r.mainSum()), z(r.mainSumSquares()), z(r.denominatorSum()),
        z(r.denominatorSumSquares()), z(r.mainDenominatorSumProduct()), z(r.covariateSum()),
        z(r.covariateSumSquares()), z(r.mainCovariateSumProduct()), z(r.denominatorPreSum()),
        z(r.denominatorPreSumSquares()), z(r.mainPreDenominatorPreSumProduct()),
        z(r.mainPostDenominatorPreSumProduct()), z(r.mainPreDenominatorPostSumProduct()),
        z(r.denominatorPostDenominatorPreSumProduct()));
  }

  /** Whether a metric row carries a CUPED covariate. */
  public static boolean hasCovariate(ExperimentStatsRow r) {
    return r.covariateSum() != null;
  }

  private static double z(Double v) {
    return v == null ? 0 : v;
  }
}
