package io.tidemark.experiment.metrics;

import java.util.Locale;

/**
 * The shape of a metric's sufficient statistics, as the {@code tidemark stats} input names it and
 * {@code experiment_stats.metric_type} stores it: a 0/1 {@code proportion}, a per-unit {@code
 * mean} (n, Σx, Σx²), or a {@code ratio} of two per-unit sums (delta method).
 */
public enum MetricType {
  PROPORTION, MEAN, RATIO;

  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type named by {@code text} (case-insensitive). */
  public static MetricType parse(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
