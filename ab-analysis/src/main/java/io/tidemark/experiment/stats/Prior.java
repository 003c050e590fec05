package io.tidemark.experiment.stats;

/**
 * Gaussian prior on the effect for the Bayesian engine, gbstats {@code bayesian/tests.py
 * GaussianPrior}. It is stated on the relative lift (gbstats {@code prior_type="relative"}) and
 * rescaled by the control mean when the difference is absolute. An improper prior is flat.
 */
public record Prior(boolean proper, double mean, double variance) {
  /** gbstats's default: flat, with mean 0 and variance 1 should it be made proper. */
  public static final Prior IMPROPER = new Prior(false, 0, 1);

  public Prior {
    Checks.finite("prior mean", mean);
    if (!(variance > 0) || !Double.isFinite(variance)) {
      throw new IllegalArgumentException("prior variance must be positive: " + variance);
    }
  }
}
