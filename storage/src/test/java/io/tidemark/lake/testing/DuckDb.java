package io.tidemark.lake.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs SQL against an in-memory DuckDB: the independent reader every Parquet output is checked with. */
public final class DuckDb {

  private DuckDb() {}

  /** {@code read_parquet('<lake>/<dataset>/**&#47;*.parquet', hive_partitioning=true)} as SQL text. */
  public static String table(Path lake, String dataset) {
    return "read_parquet('" + lake.resolve(dataset) + "/**/*.parquet', hive_partitioning=true)";
  }

  public static List<Map<String, Object>> query(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public static long count(String sql) {
    return ((Number) query(sql).get(0).values().iterator().next()).longValue();
  }
}
