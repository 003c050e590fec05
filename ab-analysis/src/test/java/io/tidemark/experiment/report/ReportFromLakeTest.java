package io.tidemark.experiment.report;

import static io.tidemark.experiment.report.SimulatedExperiment.EXPERIMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tidemark.experiment.metrics.MetricDefinition;
import io.tidemark.experiment.stats.EffectEstimate;
import io.tidemark.experiment.stats.ExperimentAnalysis;
import io.tidemark.experiment.stats.MetricInput;
import io.tidemark.experiment.stats.ProportionStatistics;
import io.tidemark.experiment.stats.RatioStatistics;
import io.tidemark.experiment.stats.Readout;
import io.tidemark.experiment.stats.RegressionAdjustedRatioStatistics;
import io.tidemark.experiment.stats.RegressionAdjustedStatistics;
import io.tidemark.experiment.stats.SampleStatistics;
import io.tidemark.experiment.stats.Status;
import io.tidemark.experiment.stats.VariantStatistics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report built from merged {@code experiment_stats} partials equals the engine run on sums
 * that DuckDB computes independently from {@code experiment_units} (latest version per unit and
 * metric, deleted units dropped, the percentile cap by {@code quantile_cont}).
 */
class ReportFromLakeTest {
  @TempDir static Path dir;
  static SimulatedExperiment sim;
  static ExperimentReport report;

  /** One lake for every test: writing it is the slow part, and the tests only read it. */
  @BeforeAll
  static void writeLake() throws Exception {
    sim = new SimulatedExperiment(dir, 7, 2000);
    sim.firstCheckpoint(0.1);
    sim.secondCheckpoint(0.03, 0.02, 0.1);
    report = ExperimentReports.build(sim.lake, EXPERIMENT, sim.config);
  }

  @Test
  void report_equalsEngineOnSumsDuckDbComputesFromUnitRows() {
    assertThat(sim.partialsStillAtVersion(1)).as("some partials never rewritten").isPositive();
    Map<String, Map<String, Map<String, Object>>> sums = unitSumsFromDuckDb();
    List<MetricInput> inputs = new ArrayList<>();
    for (MetricDefinition m : sim.config.metrics()) {
      List<VariantStatistics> variants = SimulatedExperiment.VARIANTS.stream()
          .map(v -> statistics(m.id(), sums.get(m.id()).get(v))).toList();
      inputs.add(new MetricInput(m.id(), variants, m.inverse()));
    }
    Readout expected = new ExperimentAnalysis(sim.config.settings()).analyze(List.of(0.5, 0.5), inputs);

    assertThat(report.metrics()).extracting(ExperimentReport.MetricSummary::id)
        .containsExactly("purchase", "revenue", "orders", "sessions", "revenue_per_session", "latency",
            "session_length");
    for (int m = 0; m < inputs.size(); m++) {
      EffectEstimate want = expected.metrics().get(m).effects().get(0);
      EffectEstimate got = report.readout().metrics().get(m).effects().get(0);
      String id = inputs.get(m).id();
      assertThat(got.status()).as(id).isEqualTo(Status.OK);
      assertThat(got.expected()).as(id).isCloseTo(want.expected(), within(1e-9));
      assertThat(got.ciLow()).as(id).isCloseTo(want.ciLow(), within(1e-9));
      assertThat(got.ciHigh()).as(id).isCloseTo(want.ciHigh(), within(1e-9));
      assertThat(got.pValue()).as(id).isCloseTo(want.pValue(), within(1e-9));
      for (int v = 0; v < 2; v++) {
        assertThat(report.metrics().get(m).means().get(v)).as(id)
            .isCloseTo(inputs.get(m).variants().get(v).mean(), within(1e-9));
        assertThat(report.metrics().get(m).units().get(v)).as(id)
            .isEqualTo(inputs.get(m).variants().get(v).units());
      }
    }
    double cap = ((Number) DuckDb.query("SELECT quantile_cont(value, 0.9) AS cap FROM (" + currentUnits()
        + ") WHERE metric = 'orders'").get(0).get("cap")).doubleValue();
    assertThat(report.metrics().get(2).capValue()).isCloseTo(cap, within(1e-12));
  }

  @Test
  void report_countsUnitsPerVariantAndExcludedUnitsAndWarnsOnMultipleExposure() {
    List<Map<String, Object>> units = DuckDb.query("SELECT variant, count(*) AS n FROM (" + currentUnits()
        + ") WHERE metric = 'sessions' GROUP BY variant ORDER BY variant");
    assertThat(report.units()).containsExactly(((Number) units.get(0).get("n")).longValue(),
        ((Number) units.get(1).get("n")).longValue());
    assertThat(report.multipleExposureUnits()).isEqualTo(sim.excludedUnits()).isPositive();
    double rate = (double) sim.excludedUnits() / 2000;
    assertThat(report.multipleExposureRate()).isCloseTo(rate, within(1e-12));
    assertThat(report.warnings()).anySatisfy(w -> assertThat(w).startsWith("multiple exposure: "
        + sim.excludedUnits() + " units"));
    assertThat(report.readout().srmFlagged()).isFalse();
  }

  @Test
  void mergeRule_inSqlGivesTheSameUnitsAndANaiveSumDoesNot() {
    String stats = DuckDb.table(dir, "experiment_stats");
    String latest = "SELECT row_kind, variant, arg_max(users, version) AS users FROM " + stats
        + " GROUP BY task, experiment, row_kind, variant, metric, day";
    List<Map<String, Object>> merged = DuckDb.query("SELECT variant, sum(users) AS n FROM (" + latest
        + ") WHERE row_kind = 'exposures' GROUP BY variant ORDER BY variant");
    assertThat(merged).extracting(r -> ((Number) r.get("n")).longValue())
        .containsExactlyElementsOf(report.units());
    List<Map<String, Object>> naive = DuckDb.query("SELECT variant, sum(users) AS n FROM " + stats
        + " WHERE row_kind = 'exposures' GROUP BY variant ORDER BY variant");
    assertThat(naive).extracting(r -> ((Number) r.get("n")).longValue())
        .isNotEqualTo(report.units());
  }

  @Test
  void freshness_isTheLowestOfEachTasksHighestWatermark() {
    assertThat(report.freshness().tasks()).isEqualTo(SimulatedExperiment.TASKS);
    assertThat(report.freshness().watermark()).isEqualTo(Instant.parse("2026-12-10T09:00:00Z"));
  }

  /** The README's two queries ("Experiments", Tables), with the lake's path put in. */
  @Test
  void readmeQueries_giveTheReportsUnitsAndMeans() {
    String units = """
        SELECT metric, variant, count(*) AS units, avg(value) AS mean
        FROM (SELECT * FROM read_parquet('lake/experiment_units/**/*.parquet', hive_partitioning=true)
              WHERE experiment = 'checkout-redesign'
              QUALIFY row_number() OVER (PARTITION BY experiment, unit, metric ORDER BY version DESC) = 1)
        WHERE NOT is_deleted
        GROUP BY ALL ORDER BY ALL;
        """;
    String stats = """
        WITH latest AS (
          SELECT experiment, row_kind, variant, metric,
                 arg_max(users, version) AS users, arg_max(main_sum, version) AS main_sum
          FROM read_parquet('lake/experiment_stats/**/*.parquet', hive_partitioning=true)
          GROUP BY task, experiment, row_kind, variant, metric, day)
        SELECT variant, metric, sum(users) AS units, sum(main_sum) / sum(users) AS mean
        FROM latest WHERE experiment = 'checkout-redesign' AND row_kind = 'metric'
        GROUP BY ALL ORDER BY ALL;
        """;
    for (String sql : List.of(units, stats)) {
      List<Map<String, Object>> rows = DuckDb.query(sql.replace("'lake/", "'" + dir + "/").replace(";", ""));
      for (Map<String, Object> row : rows) {
        if (!row.get("metric").equals("revenue")) {
          continue;
        }
        int v = SimulatedExperiment.VARIANTS.indexOf((String) row.get("variant"));
        assertThat(((Number) row.get("units")).longValue()).isEqualTo(report.metrics().get(1).units().get(v));
        assertThat(((Number) row.get("mean")).doubleValue())
            .isCloseTo(report.metrics().get(1).means().get(v), within(1e-9));
      }
      assertThat(rows).filteredOn(r -> r.get("metric").equals("revenue")).hasSize(2);
    }
  }

  /** Latest version per (experiment, unit, metric), deleted dropped. */
  private String currentUnits() {
    return "SELECT * FROM " + DuckDb.table(dir, "experiment_units")
        + " QUALIFY row_number() OVER (PARTITION BY experiment, unit, metric ORDER BY version DESC) = 1"
        + " AND NOT is_deleted";
  }

  /** metric → variant → sums, with the orders metric capped at its 90th percentile across arms. */
  private Map<String, Map<String, Map<String, Object>>> unitSumsFromDuckDb() {
    String capped = "SELECT u.* REPLACE (CASE WHEN c.cap IS NULL THEN u.value ELSE least(u.value, c.cap) END AS value)"
        + " FROM (" + currentUnits() + ") u LEFT JOIN (SELECT metric, quantile_cont(value, 0.9) AS cap FROM ("
        + currentUnits() + ") WHERE metric = 'orders' GROUP BY metric) c USING (metric)";
    String sql = "SELECT metric, variant, count(*) AS n, sum(value) AS m, sum(value * value) AS mm,"
        + " sum(coalesce(denominator, 0)) AS d, sum(coalesce(denominator, 0) ^ 2) AS dd,"
        + " sum(value * coalesce(denominator, 0)) AS md, sum(coalesce(covariate, 0)) AS c,"
        + " sum(coalesce(covariate, 0) ^ 2) AS cc, sum(value * coalesce(covariate, 0)) AS mc,"
        + " sum(coalesce(covariate_denominator, 0)) AS e, sum(coalesce(covariate_denominator, 0) ^ 2) AS ee,"
        + " sum(coalesce(covariate, 0) * coalesce(covariate_denominator, 0)) AS ce,"
        + " sum(value * coalesce(covariate_denominator, 0)) AS me,"
        + " sum(coalesce(covariate, 0) * coalesce(denominator, 0)) AS cd,"
        + " sum(coalesce(denominator, 0) * coalesce(covariate_denominator, 0)) AS de"
        + " FROM (" + capped + ") GROUP BY metric, variant";
    Map<String, Map<String, Map<String, Object>>> result = new java.util.HashMap<>();
    for (Map<String, Object> row : DuckDb.query(sql)) {
      result.computeIfAbsent((String) row.get("metric"), k -> new java.util.HashMap<>())
          .put((String) row.get("variant"), row);
    }
    return result;
  }

  /** The engine's statistics for each metric's shape, built straight from the SQL sums. */
  private static VariantStatistics statistics(String metric, Map<String, Object> s) {
    long n = ((Number) s.get("n")).longValue();
    SampleStatistics m = new SampleStatistics(n, d(s, "m"), d(s, "mm"));
    SampleStatistics den = new SampleStatistics(n, d(s, "d"), d(s, "dd"));
    SampleStatistics c = new SampleStatistics(n, d(s, "c"), d(s, "cc"));
    return switch (metric) {
      case "purchase" -> new RegressionAdjustedStatistics(new ProportionStatistics(n, d(s, "m")),
          new ProportionStatistics(n, d(s, "c")), d(s, "mc"));
      case "revenue" -> new RegressionAdjustedStatistics(m, c, d(s, "mc"));
      case "orders", "sessions" -> m;
      case "revenue_per_session" -> new RegressionAdjustedRatioStatistics(new RatioStatistics(m, den, d(s, "md")),
          new RatioStatistics(c, new SampleStatistics(n, d(s, "e"), d(s, "ee")), d(s, "ce")),
          d(s, "mc"), d(s, "de"), d(s, "me"), d(s, "cd"));
      case "latency", "session_length" -> new RatioStatistics(m, den, d(s, "md"));
      default -> throw new IllegalArgumentException(metric);
    };
  }

  private static double d(Map<String, Object> row, String column) {
    return ((Number) row.get(column)).doubleValue();
  }
}
