package io.tidemark.experiment.report;

import io.tidemark.experiment.metrics.MetricType;
import io.tidemark.experiment.stats.AnalysisSettings;
import io.tidemark.experiment.stats.Readout;
import java.util.List;

/**
 * What {@code tidemark report} shows for one experiment: per metric and variant the units and the
 * mean, the engine's readout (lift, interval, p-value or chance to win, SRM), the units excluded
 * for multiple exposure, the data's freshness and every warning.
 *
 * @param variants control first
 * @param units units first exposed per variant (what the SRM check tests against {@code weights})
 * @param multipleExposureRate excluded / (excluded + attributed units); 0 with no units
 */
public record ExperimentReport(
    String experiment,
    List<String> variants,
    List<Double> weights,
    List<Long> units,
    AnalysisSettings settings,
    List<MetricSummary> metrics,
    Readout readout,
    long multipleExposureUnits,
    double multipleExposureRate,
    Freshness freshness,
    List<String> warnings) {

  /** Warn about multiple exposure from this share of units on. */
  public static final double MULTIPLE_EXPOSURE_WARNING_RATE = 0.01;

  public ExperimentReport {
    variants = List.copyOf(variants);
    weights = List.copyOf(weights);
    units = List.copyOf(units);
    metrics = List.copyOf(metrics);
    warnings = List.copyOf(warnings);
  }

  /**
   * One metric's per-variant units and unadjusted means (ratios: Σnumerator / Σdenominator), in
   * {@link #variants()} order; {@code capValue} is the cap applied to unit values, if any.
   */
  public record MetricSummary(String id, MetricType type, boolean cuped, boolean inverse, Double capValue,
      List<Long> units, List<Double> means) {
    public MetricSummary {
      units = List.copyOf(units);
      means = List.copyOf(means);
    }
  }
}
