package io.tidemark.experiment.report;

import io.tidemark.experiment.lake.StatsRows;
import io.tidemark.experiment.lake.SufficientSums;
import io.tidemark.experiment.metrics.MetricType;
import io.tidemark.lake.datasets.ExperimentStatsRow;
import io.tidemark.lake.datasets.ExperimentStatsRow.PartialKey;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Merges the per-task partials of {@code experiment_stats} on read.
 *
 * <p>The rule: a task's partial for (experiment, row kind, variant, metric, first-exposure day) is
 * cumulative, and the task writes it again with a higher {@code version} whenever it changes
 * (late events, a unit excluded for multiple exposure). So per {@link PartialKey} the row with the
 * highest version is the partial, and older versions are ignored; the partials are then summed
 * over tasks and days. Two rows with the same key and version must be identical (a replayed
 * commit); different ones mean two writers claimed one task, and the merge fails loudly rather
 * than pick one.
 */
public final class StatsMerge {
  private StatsMerge() {}

  /** The winning row of every partial. */
  public static List<ExperimentStatsRow> latest(Collection<ExperimentStatsRow> rows) {
    Map<PartialKey, ExperimentStatsRow> winners = new HashMap<>();
    for (ExperimentStatsRow row : rows) {
      winners.merge(row.partialKey(), row, StatsMerge::newer);
    }
    return List.copyOf(winners.values());
  }

  private static ExperimentStatsRow newer(ExperimentStatsRow a, ExperimentStatsRow b) {
    if (a.version() != b.version()) {
      return a.version() > b.version() ? a : b;
    }
    if (!a.equals(b)) {
      throw new IllegalStateException("experiment_stats holds two different partials for " + a.partialKey()
          + " at version " + a.version() + ": two writers claimed task " + a.task());
    }
    return a;
  }

  /** The experiments the rows speak of, sorted. */
  public static Set<String> experiments(Collection<ExperimentStatsRow> rows) {
    Set<String> ids = new TreeSet<>();
    rows.forEach(r -> ids.add(r.experiment()));
    return ids;
  }

  /** Sums {@code experiment}'s winning partials (from {@link #latest}) over tasks and days. */
  public static MergedStats merge(Collection<ExperimentStatsRow> latest, String experiment) {
    Map<String, Long> exposures = new TreeMap<>();
    Map<String, Map<String, SufficientSums>> metrics = new TreeMap<>();
    Map<String, MetricType> types = new HashMap<>();
    Set<String> withCovariate = new HashSet<>();
    Set<String> withoutCovariate = new HashSet<>();
    long multiple = 0;
    for (ExperimentStatsRow r : latest) {
      if (!r.experiment().equals(experiment)) {
        continue;
      }
      switch (r.kind()) {
        case EXPOSURES -> exposures.merge(r.variant(), r.users(), Long::sum);
        case MULTIPLE_EXPOSURE -> multiple += r.users();
        case METRIC -> {
          metrics.computeIfAbsent(r.metric(), m -> new TreeMap<>())
              .merge(r.variant(), StatsRows.sums(r), SufficientSums::plus);
          MetricType type = MetricType.parse(r.metricType());
          MetricType before = types.putIfAbsent(r.metric(), type);
          if (before != null && before != type) {
            throw new IllegalStateException("experiment_stats: metric " + r.metric() + " of " + experiment
                + " has rows of type " + before.text() + " and " + type.text());
          }
          (StatsRows.hasCovariate(r) ? withCovariate : withoutCovariate).add(r.metric());
        }
      }
    }
    withCovariate.removeAll(withoutCovariate);
    return new MergedStats(experiment, exposures, metrics, types, withCovariate, multiple);
  }

  /** The minimum over tasks of each task's highest watermark, over every row given. */
  public static Freshness freshness(Collection<ExperimentStatsRow> rows) {
    Map<Integer, Instant> perTask = new HashMap<>();
    for (ExperimentStatsRow r : rows) {
      perTask.merge(r.task(), r.watermark(), (a, b) -> a.isAfter(b) ? a : b);
    }
    Instant min = perTask.values().stream().min(Instant::compareTo).orElse(null);
    return new Freshness(min, perTask.size());
  }
}
