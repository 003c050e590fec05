package io.tidemark.experiment.stats.json;

import io.tidemark.experiment.stats.AnalysisSettings;
import io.tidemark.experiment.stats.ExperimentAnalysis;
import io.tidemark.experiment.stats.MetricInput;
import io.tidemark.experiment.stats.Readout;
import java.util.List;

/** A validated {@code tidemark stats} input: settings, weights and per-variant statistics. */
public record StatsRequest(AnalysisSettings settings, List<Double> weights, List<MetricInput> metrics) {
  public StatsRequest {
    weights = List.copyOf(weights);
    metrics = List.copyOf(metrics);
  }

  public Readout analyze() {
    return new ExperimentAnalysis(settings).analyze(weights, metrics);
  }
}
