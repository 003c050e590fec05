package io.tidemark.experiment.report;

import io.tidemark.experiment.metrics.MetricsConfig;
import io.tidemark.lake.datasets.ExperimentStatsRow;
import io.tidemark.lake.datasets.ExperimentUnitRow;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.read.LakeReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds an experiment's report from the lake: reads {@code experiment_stats}, merges the
 * per-task partials ({@link StatsMerge}) and analyses them with the configured metrics. Metrics
 * whose cap applies to unit values are computed from {@code experiment_units} instead, which is
 * read only then.
 */
public final class ExperimentReports {
  private ExperimentReports() {}

  public static ExperimentReport build(Location lake, String experiment, MetricsConfig config)
      throws IOException, LakeNotFoundException, UnknownExperimentException {
    if (!lake.exists()) {
      throw new LakeNotFoundException(lake.toString());
    }
    List<ExperimentStatsRow> latest = StatsMerge.latest(LakeReader.readAll(ExperimentStatsRow.DATASET, lake));
    Set<String> known = StatsMerge.experiments(latest);
    if (!known.contains(experiment)) {
      throw new UnknownExperimentException(experiment, known);
    }
    MergedStats merged = StatsMerge.merge(latest, experiment);
    return new ReportAssembler(config, merged, StatsMerge.freshness(latest), () -> units(lake, experiment))
        .assemble();
  }

  /** The experiment's current unit rows. */
  private static List<ExperimentUnitRow> units(Location lake, String experiment) {
    try {
      List<ExperimentUnitRow> rows = new ArrayList<>();
      try (var cursor = LakeReader.open(ExperimentUnitRow.DATASET, lake, null, null)) {
        cursor.forEachRemaining(r -> {
          if (r.experiment().equals(experiment)) {
            rows.add(r);
          }
        });
      }
      return UnitsMerge.current(rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read experiment_units of " + experiment, e);
    }
  }
}
