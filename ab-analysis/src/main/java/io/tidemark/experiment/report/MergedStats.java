package io.tidemark.experiment.report;

import io.tidemark.experiment.lake.SufficientSums;
import io.tidemark.experiment.metrics.MetricType;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One experiment's partials from {@code experiment_stats}, merged: units first exposed per
 * variant, each metric's sums per variant, and the units excluded for multiple exposure.
 *
 * @param metricTypes each metric's {@code metric_type} as the rows give it
 * @param metricsWithCovariate metrics whose every row carries covariate sums
 */
public record MergedStats(
    String experiment,
    Map<String, Long> exposures,
    Map<String, Map<String, SufficientSums>> metrics,
    Map<String, MetricType> metricTypes,
    Set<String> metricsWithCovariate,
    long multipleExposureUnits) {

  public MergedStats {
    // Sorted by name: without a configuration, the report shows metrics in this order.
    exposures = Collections.unmodifiableSortedMap(new TreeMap<>(exposures));
    metrics = Collections.unmodifiableSortedMap(new TreeMap<>(metrics));
    metricTypes = Map.copyOf(metricTypes);
    metricsWithCovariate = Set.copyOf(metricsWithCovariate);
  }

  /** Every variant that has exposures or metric rows. */
  public Set<String> variants() {
    Set<String> all = new TreeSet<>(exposures.keySet());
    metrics.values().forEach(m -> all.addAll(m.keySet()));
    return all;
  }
}
