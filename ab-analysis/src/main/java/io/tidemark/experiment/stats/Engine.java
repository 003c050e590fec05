package io.tidemark.experiment.stats;

/** Which inference the readout uses. */
public enum Engine {
  /** Welch t-test, optionally sequential (always-valid); p-values and confidence intervals. */
  FREQUENTIST,
  /** Gaussian posterior on the lift; chance to win, credible interval and risk. */
  BAYESIAN
}
