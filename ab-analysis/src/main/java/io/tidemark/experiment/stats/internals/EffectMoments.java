package io.tidemark.experiment.stats.internals;

import io.tidemark.experiment.stats.MomentStatistics;
import io.tidemark.experiment.stats.RatioStatistics;
import io.tidemark.experiment.stats.RegressionAdjustedRatioStatistics;
import io.tidemark.experiment.stats.RegressionAdjustedStatistics;
import io.tidemark.experiment.stats.Status;
import io.tidemark.experiment.stats.VariantStatistics;

/**
 * The effect of a treatment against the control and its standard error, before any test: gbstats
 * {@code models/tests.py EffectMoments} (with {@code create_theta_adjusted_statistics} for CUPED).
 *
 * <p>Point estimate: (μ_b − μ_a)/|μ_a,unadjusted| when relative, else μ_b − μ_a ({@code
 * frequentist_diff}). Variance of the absolute effect: σ²_b/n_b + σ²_a/n_a. Relative: the delta
 * method on μ_b/μ_a with independent arms ({@code frequentist_variance}), or for CUPED the
 * gradient of the adjusted difference over the unadjusted baseline ({@code
 * frequentist_variance_relative_cuped}; for ratios {@link RatioCuped}).
 *
 * @param controlVariance per-unit variance of the control (adjusted for CUPED), for Welch's dof
 * @param treatmentVariance per-unit variance of the treatment
 */
public record EffectMoments(
    double pointEstimate,
    double standardError,
    long controlUnits,
    long treatmentUnits,
    double controlVariance,
    double treatmentVariance,
    double controlMean,
    Status status) {

  /** gbstats {@code create_theta_adjusted_statistics}: a smaller ratio θ means no adjustment. */
  private static final double RATIO_THETA_FLOOR = 1e-8;

  public long totalUnits() {
    return controlUnits + treatmentUnits;
  }

  public static EffectMoments of(
      VariantStatistics control, VariantStatistics treatment, boolean relative) {
    long na = control.units();
    long nb = treatment.units();
    if (na == 0 && nb == 0) {
      return failed(Status.NO_DATA, control, treatment);
    }
    if (na == 0 || nb == 0) {
      return failed(Status.SINGLE_ARM, control, treatment);
    }
    Arm a;
    Arm b;
    double theta = 0;
    if (control instanceof RegressionAdjustedStatistics ra
        && treatment instanceof RegressionAdjustedStatistics rb) {
      theta = RegressionAdjustedStatistics.pooledTheta(ra, rb);
      // theta == 0: gbstats reverts to the unadjusted metric ("no variance in a time period").
      a = theta == 0 ? Arm.of(ra.post()) : Arm.adjusted(ra, theta);
      b = theta == 0 ? Arm.of(rb.post()) : Arm.adjusted(rb, theta);
    } else if (control instanceof RegressionAdjustedRatioStatistics ra
        && treatment instanceof RegressionAdjustedRatioStatistics rb) {
      theta = RatioCuped.pooledTheta(ra, rb);
      if (Math.abs(theta) < RATIO_THETA_FLOOR) {
        theta = 0;
      }
      a = theta == 0 ? Arm.of(ra.post()) : Arm.adjusted(ra, theta);
      b = theta == 0 ? Arm.of(rb.post()) : Arm.adjusted(rb, theta);
    } else {
      a = Arm.of(control);
      b = Arm.of(treatment);
    }
    if (a.variance <= 0 || b.variance <= 0) {
      return failed(Status.ZERO_VARIANCE, control, treatment);
    }
    if (a.mean == 0 || a.unadjustedMean == 0) {
      return failed(Status.ZERO_BASELINE, control, treatment);
    }
    double variance;
    if (relative && theta != 0 && control instanceof RegressionAdjustedRatioStatistics ra) {
      variance = RatioCuped.relativeVariance(ra, (RegressionAdjustedRatioStatistics) treatment, theta);
    } else if (relative && theta != 0) {
      variance =
          relativeCupedVariance(
              (RegressionAdjustedStatistics) control, (RegressionAdjustedStatistics) treatment,
              theta);
    } else if (relative) {
      variance =
          DeltaMethod.varianceOfRatio(
              b.unadjustedMean, b.variance / nb, a.unadjustedMean, a.variance / na, 0);
    } else {
      variance = b.variance / nb + a.variance / na;
    }
    if (!(variance > 0) || !Double.isFinite(variance)) {
      return failed(Status.ZERO_VARIANCE, control, treatment);
    }
    double diff = b.mean - a.mean;
    double estimate = relative ? diff / Math.abs(a.unadjustedMean) : diff;
    return new EffectMoments(
        estimate, Math.sqrt(variance), na, nb, a.variance, b.variance, a.unadjustedMean,
        Status.OK);
  }

  private static EffectMoments failed(
      Status status, VariantStatistics control, VariantStatistics treatment) {
    return new EffectMoments(
        0, 0, control.units(), treatment.units(), 0, 0, control.mean(), status);
  }

  /** gbstats {@code models/tests.py frequentist_variance_relative_cuped}. */
  private static double relativeCupedVariance(
      RegressionAdjustedStatistics a, RegressionAdjustedStatistics b, double theta) {
    double baseline = a.post().mean();
    double denTreatment = b.units() * baseline * baseline;
    double denControl = a.units() * baseline * baseline;
    if (denTreatment == 0 || denControl == 0) {
      return 0;
    }
    double numTreatment =
        b.post().variance() + theta * theta * b.pre().variance() - 2 * theta * b.covariance();
    double c = -b.post().mean();
    double numA = a.post().variance() * c * c / (baseline * baseline);
    double numB = 2 * theta * a.covariance() * c / baseline;
    double numC = theta * theta * a.pre().variance();
    return numTreatment / denTreatment + (numA + numB + numC) / denControl;
  }

  /** Mean, unadjusted mean and per-unit variance of one arm. */
  private record Arm(double mean, double unadjustedMean, double variance) {
    static Arm of(VariantStatistics s) {
      if (s instanceof RatioStatistics r) {
        return new Arm(r.mean(), r.mean(), r.variance());
      }
      if (s instanceof RegressionAdjustedStatistics ra) {
        return of(ra.post());
      }
      if (s instanceof RegressionAdjustedRatioStatistics rr) {
        return of(rr.post());
      }
      MomentStatistics m = (MomentStatistics) s;
      return new Arm(m.mean(), m.mean(), m.variance());
    }

    static Arm adjusted(RegressionAdjustedStatistics s, double theta) {
      return new Arm(s.adjustedMean(theta), s.mean(), s.adjustedVariance(theta));
    }

    static Arm adjusted(RegressionAdjustedRatioStatistics s, double theta) {
      return new Arm(
          RatioCuped.adjustedMean(s, theta), s.mean(), RatioCuped.variance(s, theta));
    }
  }
}
