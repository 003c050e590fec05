package io.tidemark.experiment.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.experiment.lake.StatsRows;
import io.tidemark.experiment.lake.SufficientSums;
import io.tidemark.experiment.metrics.MetricType;
import io.tidemark.lake.datasets.ExperimentStatsRow;
import io.tidemark.lake.datasets.ExperimentStatsRow.Kind;
import io.tidemark.lake.datasets.ExperimentUnitRow;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.read.LakeReader;
import io.tidemark.lake.write.CommitGuard;
import io.tidemark.lake.write.LakeWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsMergeTest {
  @TempDir Path dir;
  static final LocalDate DAY = LocalDate.parse("2026-11-20");
  static final Instant WM = Instant.parse("2026-11-21T00:00:00Z");

  private static ExperimentStatsRow partial(int task, long version, String variant, double... unitValues) {
    SufficientSums sums = SufficientSums.ZERO;
    for (double v : unitValues) {
      sums = sums.plus(SufficientSums.ofUnit(v, null, null, null));
    }
    return StatsRows.metricRow(task, version, WM.plusSeconds(version), "e", variant, "revenue", MetricType.MEAN,
        false, DAY, sums);
  }

  @Test
  void latest_keepsTheHighestVersionOfEachPartialWhateverTheOrderOfFiles() throws Exception {
    // Task 0 writes version 2 first and then (a replayed, stale writer's view) version 1 in a later file.
    writeStats(0, List.of(partial(0, 2, "a", 10, 20, 30)));
    writeStats(0, List.of(partial(0, 1, "a", 10)));
    writeStats(1, List.of(partial(1, 1, "a", 5)));

    List<ExperimentStatsRow> rows = LakeReader.readAll(ExperimentStatsRow.DATASET, lake());
    MergedStats merged = StatsMerge.merge(StatsMerge.latest(rows), "e");

    assertThat(rows).hasSize(3);
    SufficientSums revenue = merged.metrics().get("revenue").get("a");
    assertThat(revenue.users()).isEqualTo(4);
    assertThat(revenue.mainSum()).isEqualTo(65);
    assertThat(revenue.mainSumSquares()).isEqualTo(100 + 400 + 900 + 25);
  }

  @Test
  void latest_doesNotDependOnRowOrder() {
    List<ExperimentStatsRow> rows = new ArrayList<>(List.of(partial(0, 1, "a", 1), partial(0, 3, "a", 1, 2),
        partial(0, 2, "a", 7), partial(1, 1, "b", 4), partial(1, 4, "b", 4, 4)));
    List<SufficientSums> results = new ArrayList<>();
    for (int shuffle = 0; shuffle < 20; shuffle++) {
      Collections.shuffle(rows, new java.util.Random(shuffle));
      MergedStats merged = StatsMerge.merge(StatsMerge.latest(rows), "e");
      results.add(merged.metrics().get("revenue").get("a").plus(merged.metrics().get("revenue").get("b")));
    }
    assertThat(results).allSatisfy(s -> assertThat(s).isEqualTo(results.get(0)));
    assertThat(results.get(0).users()).isEqualTo(4);
    assertThat(results.get(0).mainSum()).isEqualTo(11);
  }

  @Test
  void latest_identicalRowsAtOneVersionCountOnce_differentOnesFail() {
    ExperimentStatsRow row = partial(0, 5, "a", 1, 2);
    assertThat(StatsMerge.latest(List.of(row, row))).containsExactly(row);
    assertThatThrownBy(() -> StatsMerge.latest(List.of(row, partial(0, 5, "a", 1, 3))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("two different partials").hasMessageContaining("version 5");
  }

  @Test
  void merge_countsExposuresAndMultipleExposurePerExperiment() {
    List<ExperimentStatsRow> rows = List.of(
        ExperimentStatsRow.count(Kind.EXPOSURES, 0, 1, WM, "e", "a", DAY, 10),
        ExperimentStatsRow.count(Kind.EXPOSURES, 1, 1, WM, "e", "a", DAY, 7),
        ExperimentStatsRow.count(Kind.EXPOSURES, 1, 1, WM, "e", "a", DAY.plusDays(1), 3),
        ExperimentStatsRow.count(Kind.EXPOSURES, 1, 1, WM, "other", "a", DAY, 1000),
        ExperimentStatsRow.count(Kind.MULTIPLE_EXPOSURE, 0, 1, WM, "e", null, DAY, 2),
        ExperimentStatsRow.count(Kind.MULTIPLE_EXPOSURE, 0, 2, WM, "e", null, DAY, 4));

    MergedStats merged = StatsMerge.merge(StatsMerge.latest(rows), "e");

    assertThat(merged.exposures()).containsExactly(Map.entry("a", 20L));
    assertThat(merged.multipleExposureUnits()).isEqualTo(4);
    assertThat(StatsMerge.experiments(rows)).containsExactly("e", "other");
  }

  @Test
  void freshness_isTheMinimumOverTasksOfEachTasksMaximum() {
    List<ExperimentStatsRow> rows = List.of(
        ExperimentStatsRow.count(Kind.EXPOSURES, 0, 1, WM, "e", "a", DAY, 1),
        ExperimentStatsRow.count(Kind.EXPOSURES, 0, 2, WM.plusSeconds(600), "e", "a", DAY, 1),
        ExperimentStatsRow.count(Kind.EXPOSURES, 1, 1, WM.plusSeconds(300), "x", "a", DAY, 1),
        ExperimentStatsRow.count(Kind.EXPOSURES, 2, 1, WM.plusSeconds(900), "e", "a", DAY, 1));

    assertThat(StatsMerge.freshness(rows)).isEqualTo(new Freshness(WM.plusSeconds(300), 3));
    assertThat(StatsMerge.freshness(List.of())).isEqualTo(new Freshness(null, 0));
  }

  @Test
  void unitsMerge_keepsTheLatestVersionAndDropsDeletedUnits() {
    Instant first = Instant.parse("2026-11-20T10:00:00Z");
    List<ExperimentUnitRow> rows = List.of(
        new ExperimentUnitRow("e", "u1", "a", "m", first, 1, false, 0, 1, null, null, null),
        new ExperimentUnitRow("e", "u1", "a", "m", first, 2, false, 0, 5, null, null, null),
        new ExperimentUnitRow("e", "u2", "a", "m", first, 1, false, 0, 3, null, null, null),
        new ExperimentUnitRow("e", "u2", "a", "m", first, 2, true, 0, 3, null, null, null),
        new ExperimentUnitRow("e", "u3", "b", "m", first, 1, false, 1, 7, null, null, null));

    assertThat(UnitsMerge.current(rows)).extracting(ExperimentUnitRow::unit, ExperimentUnitRow::value)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("u1", 5.0),
            org.assertj.core.groups.Tuple.tuple("u3", 7.0));
  }

  @Test
  void percentile_interpolatesLikeNumpyAndDuckDb() {
    double[] values = {4, 1, 3, 2};
    assertThat(Percentile.of(values, 0.9)).isEqualTo(3.7);
    assertThat(Percentile.of(values, 0.5)).isEqualTo(2.5);
    assertThat(Percentile.of(values, 1)).isEqualTo(4);
    double cap = ((Number) DuckDb.query("SELECT quantile_cont(x::DOUBLE, 0.37) AS q FROM (VALUES (4), (1), (3),"
        + " (2), (10)) t(x)").get(0).get("q")).doubleValue();
    assertThat(Percentile.of(new double[] {4, 1, 3, 2, 10}, 0.37)).isCloseTo(cap,
        org.assertj.core.api.Assertions.within(1e-12));
  }

  private void writeStats(int task, List<ExperimentStatsRow> rows) throws Exception {
    var existing = LakeReader.files(lake(), "experiment_stats", null, null).stream()
        .filter(f -> f.name().startsWith(String.format("part-%05d-", task))).count();
    var restored = new io.tidemark.lake.write.PendingCommit("experiment_stats", task, -1, existing, List.of(),
        List.of());
    try (LakeWriter<ExperimentStatsRow> w = LakeWriter.forDataset(ExperimentStatsRow.DATASET).lake(lake()).task(task)
        .recover(restored, CommitGuard.ALWAYS)) {
      for (ExperimentStatsRow r : rows) {
        w.write(r);
      }
      w.commit(w.preCommit(1, true), CommitGuard.ALWAYS);
    }
  }

  private Location lake() {
    return FileSystems.shared().resolve(dir.toString());
  }
}
