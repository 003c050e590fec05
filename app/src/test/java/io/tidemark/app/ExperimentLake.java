package io.tidemark.app;

import io.tidemark.experiment.lake.SufficientSums;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The experiment tables and {@code late} of a lake read with DuckDB, as docs/experiments.md tells
 * users to read them: an independent reader of the files the worker and the replay committed.
 */
final class ExperimentLake {
  /** The summed columns of a metric row, in {@link SufficientSums}' order after {@code users}. */
  static final List<String> SUM_COLUMNS = List.of("main_sum", "main_sum_squares", "denominator_sum",
      "denominator_sum_squares", "main_denominator_sum_product", "covariate_sum", "covariate_sum_squares",
      "main_covariate_sum_product", "denominator_pre_sum", "denominator_pre_sum_squares",
      "main_pre_denominator_pre_sum_product", "main_post_denominator_pre_sum_product",
      "main_pre_denominator_post_sum_product", "denominator_post_denominator_pre_sum_product");

  private ExperimentLake() {}

  /**
   * Per "experiment/variant/metric" with units, the merged sufficient statistics: per partial key the
   * highest version, summed over tasks and days.
   */
  static Map<String, SufficientSums> mergedSums(String lake) throws SQLException {
    String latest = SUM_COLUMNS.stream().map(c -> "arg_max(coalesce(" + c + ", 0), version) AS " + c)
        .collect(Collectors.joining(", "));
    String sums = SUM_COLUMNS.stream().map(c -> "sum(" + c + ")").collect(Collectors.joining(", "));
    String sql = """
        WITH latest AS (
          SELECT experiment, variant, metric, arg_max(users, version) AS users, %s
          FROM %s WHERE row_kind = 'metric'
          GROUP BY task, experiment, row_kind, variant, metric, day)
        SELECT experiment || '/' || variant || '/' || metric, sum(users), %s FROM latest
        GROUP BY ALL HAVING sum(users) > 0
        """.formatted(latest, table(lake, "experiment_stats"), sums);
    Map<String, SufficientSums> out = new TreeMap<>();
    query(sql, r -> {
      double[] v = new double[SUM_COLUMNS.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.getDouble(3 + i);
      }
      out.put(r.getString(1), new SufficientSums(r.getLong(2), v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8],
          v[9], v[10], v[11], v[12], v[13]));
    });
    return out;
  }

  /** Units per variant of {@code experiment}: the latest version of each unit's rows, deleted ones dropped. */
  static Map<String, Long> currentUnits(String lake, String experiment) throws SQLException {
    String sql = """
        SELECT variant, count(DISTINCT unit) FROM (
          SELECT * FROM %s WHERE experiment = '%s'
          QUALIFY row_number() OVER (PARTITION BY experiment, unit, metric ORDER BY version DESC) = 1)
        WHERE NOT is_deleted GROUP BY variant
        """.formatted(table(lake, "experiment_units"), experiment);
    Map<String, Long> out = new TreeMap<>();
    query(sql, r -> out.put(r.getString(1), r.getLong(2)));
    return out;
  }

  /** Message ids in {@code late} by "pipeline/reason". */
  static Map<String, List<String>> lateMessageIds(String lake) throws SQLException {
    Map<String, List<String>> out = new TreeMap<>();
    query("SELECT pipeline || '/' || reason, message_id FROM " + table(lake, "late"),
        r -> out.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2)));
    return out;
  }

  static double[] fields(SufficientSums s) {
    return new double[] {s.mainSum(), s.mainSumSquares(), s.denominatorSum(), s.denominatorSumSquares(),
        s.mainDenominatorSumProduct(), s.covariateSum(), s.covariateSumSquares(), s.mainCovariateSumProduct(),
        s.denominatorPreSum(), s.denominatorPreSumSquares(), s.mainPreDenominatorPreSumProduct(),
        s.mainPostDenominatorPreSumProduct(), s.mainPreDenominatorPostSumProduct(),
        s.denominatorPostDenominatorPreSumProduct()};
  }

  private static String table(String lake, String table) {
    return "read_parquet('" + (lake + "/" + table + "/dt=*/part-*.parquet").replace("'", "''")
        + "', hive_partitioning = false)";
  }

  private interface RowReader {
    void read(ResultSet r) throws SQLException;
  }

  private static void query(String sql, RowReader reader) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
        ResultSet r = st.executeQuery(sql)) {
      while (r.next()) {
        reader.read(r);
      }
    }
  }
}
