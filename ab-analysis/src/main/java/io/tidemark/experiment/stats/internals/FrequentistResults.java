package io.tidemark.experiment.stats.internals;

import io.tidemark.experiment.stats.EffectEstimate;
import io.tidemark.experiment.stats.Status;

/** Builds frequentist {@link EffectEstimate}s; Bayesian fields stay null. */
final class FrequentistResults {
  private FrequentistResults() {}

  static EffectEstimate of(EffectMoments m, double low, double high, Double pValue) {
    return new EffectEstimate(
        m.pointEstimate(), low, high, m.standardError(), pValue, null, null, null, null,
        Status.OK);
  }

  /** gbstats {@code TTest._default_output}: effect 0, interval [0, 0], p = 1. */
  static EffectEstimate uninformative(Status status) {
    return new EffectEstimate(0, 0, 0, 0, 1.0, null, null, null, null, status);
  }
}
