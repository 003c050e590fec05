package io.tidemark.lake.datasets;

import io.tidemark.lake.schema.Dataset;
import java.util.List;
import java.util.Optional;

/** The datasets this module declares, for tools that list or describe the lake. */
public final class Datasets {

  private static final List<Dataset<?>> ALL = List.of(
      RawRow.DATASET, SessionRow.DATASET, LateRow.DATASET, ExperimentUnitRow.DATASET, ExperimentStatsRow.DATASET);

  private Datasets() {}

  public static List<Dataset<?>> all() {
    return ALL;
  }

  public static Optional<Dataset<?>> named(String name) {
    return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
  }
}
