package io.tidemark.experiment.stats;

import java.util.List;

/**
 * An experiment's readout: the sample-ratio-mismatch check and each metric's effects.
 *
 * @param srmPValue the chi-square p-value of the first metric's units per variant against the
 *     weights (1 when there is nothing to test)
 * @param srmFlagged p below {@link SampleRatioMismatch#THRESHOLD} with enough units to judge
 */
public record Readout(double srmPValue, boolean srmFlagged, List<MetricReadout> metrics) {
  public Readout {
    metrics = List.copyOf(metrics);
  }
}
