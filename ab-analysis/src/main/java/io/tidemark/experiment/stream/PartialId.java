package io.tidemark.experiment.stream;

import io.tidemark.lake.datasets.ExperimentStatsRow;
import java.util.Objects;

/**
 * One per-task partial of {@code experiment_stats}: the row's identity, {@link
 * ExperimentStatsRow.PartialKey} without the task (the task writing it is the one running), plus
 * the metric's shape.
 *
 * @param variant null for {@code multiple_exposure}
 * @param metric null unless {@code metric}
 * @param metricType {@code proportion}/{@code mean}/{@code ratio} of a {@code metric} row, else null
 * @param epochDay the units' first-exposure day (UTC)
 */
public record PartialId(String experiment, ExperimentStatsRow.Kind kind, String variant, String metric,
    String metricType, boolean cuped, long epochDay) {

  public PartialId {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(kind, "kind");
  }

  /** The key the partials operator is keyed by; distinct ids have distinct keys. */
  public String key() {
    return experiment + '\u0000' + kind.text() + '\u0000' + (variant == null ? "" : variant) + '\u0000'
        + (metric == null ? "" : metric) + '\u0000' + epochDay;
  }
}
