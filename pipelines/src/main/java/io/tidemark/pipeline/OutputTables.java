package io.tidemark.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The lake tables a run of {@link LivePipeline} produces, a non-empty subset of
 * {@link LivePipeline#TABLES}. Operators run only for the tables selected:
 * <ul>
 *   <li>{@code raw}: the raw archive;
 *   <li>{@code sessions} or {@code late}: dedup and the sessionizer;
 *   <li>{@code experiment_units} or {@code experiment_stats}: dedup and the experiment operators.
 * </ul>
 * A selected table gets exactly the rows the full graph writes to it, with one exception stated by
 * {@link #lateIsPartial()}: {@code late} is shared by the sessionizer and the experiments, and holds
 * the experiments' rows ({@code pipeline = experiments}) only when an experiment table is selected too.
 */
public record OutputTables(Set<String> names) {

  public OutputTables {
    Objects.requireNonNull(names, "names");
    List<String> unknown = names.stream().filter(n -> !LivePipeline.TABLES.contains(n)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown table(s) " + String.join(", ", unknown) + "; the tables are "
          + String.join(", ", LivePipeline.TABLES));
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no table selected; the tables are " + String.join(", ", LivePipeline.TABLES));
    }
    Set<String> ordered = new LinkedHashSet<>();
    for (String t : LivePipeline.TABLES) {
      if (names.contains(t)) {
        ordered.add(t);
      }
    }
    names = Collections.unmodifiableSet(ordered);
  }

  /** Every table: what a live worker writes. */
  public static OutputTables all() {
    return new OutputTables(Set.copyOf(LivePipeline.TABLES));
  }

  /**
   * The tables named in a comma-separated list ({@code "sessions,late"}); blanks around names are
   * ignored.
   *
   * @throws IllegalArgumentException naming every unknown table and listing the known ones
   */
  public static OutputTables parse(String csv) {
    List<String> names = new ArrayList<>();
    for (String n : csv.split(",", -1)) {
      if (!n.isBlank()) {
        names.add(n.strip());
      }
    }
    return new OutputTables(new LinkedHashSet<>(names));
  }

  public boolean contains(String table) {
    return names.contains(table);
  }

  /** The raw archive runs. */
  public boolean raw() {
    return names.contains(LivePipeline.RAW);
  }

  /** Dedup and the sessionizer run (its sessions or its late rows are wanted). */
  public boolean sessionizer() {
    return names.contains(LivePipeline.SESSIONS) || names.contains(LivePipeline.LATE);
  }

  /** Dedup and the experiment operators run. */
  public boolean experiments() {
    return names.contains(LivePipeline.EXPERIMENT_UNITS) || names.contains(LivePipeline.EXPERIMENT_STATS);
  }

  /**
   * True when {@code late} is selected but the experiments do not run: it then holds the
   * sessionizer's late rows only, and publishing it would drop the experiments' late rows from the
   * live table.
   */
  public boolean lateIsPartial() {
    return names.contains(LivePipeline.LATE) && !experiments();
  }

  /** The names, comma-separated, in the order of {@link LivePipeline#TABLES}. */
  @Override
  public String toString() {
    return String.join(",", names);
  }
}
