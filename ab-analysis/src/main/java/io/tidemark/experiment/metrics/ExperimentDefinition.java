package io.tidemark.experiment.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * An experiment as configured: its variants, control first, their traffic weights (for the
 * sample-ratio-mismatch check) and the metrics its report shows, in order (empty: every metric).
 */
public record ExperimentDefinition(String id, List<String> variants, List<Double> weights, List<String> metrics) {

  public ExperimentDefinition {
    Objects.requireNonNull(id, "id");
    variants = List.copyOf(variants);
    weights = List.copyOf(weights);
    metrics = List.copyOf(metrics);
    if (variants.isEmpty() || new HashSet<>(variants).size() != variants.size()) {
      throw new IllegalArgumentException(id + ": variants must be distinct and not empty: " + variants);
    }
    if (weights.size() != variants.size()) {
      throw new IllegalArgumentException(id + ": one weight per variant: " + weights + " for " + variants);
    }
    double total = 0;
    for (double w : weights) {
      if (!(w >= 0) || !Double.isFinite(w)) {
        throw new IllegalArgumentException(id + ": weights must be non-negative numbers: " + weights);
      }
      total += w;
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException(id + ": weights must not all be 0");
    }
  }

  /** Equal weights over {@code variants}. */
  public static ExperimentDefinition equalSplit(String id, List<String> variants, List<String> metrics) {
    return new ExperimentDefinition(id, variants,
        java.util.Collections.nCopies(variants.size(), 1.0 / Math.max(1, variants.size())), metrics);
  }
}
