package io.tidemark.experiment.report;

import io.tidemark.lake.datasets.ExperimentUnitRow;
import io.tidemark.lake.datasets.ExperimentUnitRow.UnitKey;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The current value of every (experiment, unit, metric) in {@code experiment_units}: the row with
 * the highest {@code version}, dropped when that row is deleted (the unit was later seen in a
 * second variant).
 */
public final class UnitsMerge {
  private UnitsMerge() {}

  public static List<ExperimentUnitRow> current(Collection<ExperimentUnitRow> rows) {
    Map<UnitKey, ExperimentUnitRow> winners = new HashMap<>();
    for (ExperimentUnitRow row : rows) {
      winners.merge(row.unitKey(), row, (a, b) -> a.version() >= b.version() ? a : b);
    }
    return winners.values().stream().filter(r -> !r.deleted()).toList();
  }
}
