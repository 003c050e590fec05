package io.tidemark.pipeline;

import io.tidemark.lake.datasets.SessionRow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Committed lake tables read back with DuckDB (only visible {@code dt=*}/{@code part-*.parquet} files). */
final class LakeTables {

  private LakeTables() {
  }

  static String files(String lake, String table) {
    return (lake + "/" + table + "/dt=*/part-*.parquet").replace("'", "''");
  }

  /** Highest version per session_id, deleted dropped, version zeroed, by (start, id). */
  static List<SessionRow> finalSessions(String lake) throws SQLException {
    String sql = """
        SELECT * FROM (
          SELECT *, row_number() OVER (PARTITION BY session_id ORDER BY version DESC) AS rn
          FROM read_parquet('%s', hive_partitioning = false))
        WHERE rn = 1 AND NOT is_deleted
        ORDER BY session_start, session_id
        """.formatted(files(lake, "sessions"));
    return sessions(sql, true);
  }

  /** Every row of {@code sessions}, all versions, in a total order. */
  static List<SessionRow> allSessionRows(String lake) throws SQLException {
    return sessions("SELECT * FROM read_parquet('%s', hive_partitioning = false) ORDER BY session_id, version"
        .formatted(files(lake, "sessions")), false);
  }

  static long count(String lake, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
        ResultSet r = st.executeQuery("SELECT count(*) FROM read_parquet('%s', hive_partitioning = false)"
            .formatted(files(lake, table)))) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Rows of {@code late} by "pipeline/reason"; empty when the table has no file. */
  static java.util.Map<String, Long> lateReasons(String lake) throws SQLException, java.io.IOException {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    if (!hasFiles(lake, "late")) {
      return out;
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
        ResultSet r = st.executeQuery("SELECT pipeline || '/' || reason, count(*) FROM read_parquet('%s',"
            .formatted(files(lake, "late")) + " hive_partitioning = false) GROUP BY ALL")) {
      while (r.next()) {
        out.put(r.getString(1), r.getLong(2));
      }
    }
    return out;
  }

  /** Whether two globs of Parquet files hold the same rows, as multisets. */
  static boolean sameRows(String globA, String globB) throws SQLException {
    String a = "read_parquet('" + globA + "', hive_partitioning = false)";
    String b = "read_parquet('" + globB + "', hive_partitioning = false)";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
        ResultSet r = st.executeQuery("SELECT (SELECT count(*) FROM (SELECT * FROM " + a + " EXCEPT ALL SELECT * FROM "
            + b + ")) + (SELECT count(*) FROM (SELECT * FROM " + b + " EXCEPT ALL SELECT * FROM " + a + "))")) {
      r.next();
      return r.getLong(1) == 0;
    }
  }

  /** Whether {@code table} has any committed file (DuckDB fails on a glob matching nothing). */
  static boolean hasFiles(String lake, String table) throws java.io.IOException {
    java.nio.file.Path dir = java.nio.file.Path.of(lake, table);
    if (!java.nio.file.Files.isDirectory(dir)) {
      return false;
    }
    try (var s = java.nio.file.Files.walk(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith("part-") && p.toString().endsWith(".parquet"));
    }
  }

  private static List<SessionRow> sessions(String sql, boolean zeroVersion) throws SQLException {
    List<SessionRow> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
        ResultSet r = st.executeQuery("SELECT *, epoch_ms(session_start) AS s_ms, epoch_ms(session_end) AS e_ms FROM ("
            + sql + ")")) {
      while (r.next()) {
        out.add(new SessionRow(r.getString("session_id"), zeroVersion ? 0 : r.getLong("version"),
            r.getBoolean("is_deleted"), r.getString("anonymous_id"), r.getString("user_id"),
            Instant.ofEpochMilli(r.getLong("s_ms")), Instant.ofEpochMilli(r.getLong("e_ms")),
            r.getLong("duration_ms"), r.getLong("event_count"), r.getLong("page_views"), r.getLong("screen_views"),
            r.getLong("track_events"), r.getString("entry_location"), r.getString("exit_location"),
            r.getBoolean("bounce"), r.getString("app_version"), r.getString("os_name"), r.getString("device_type"),
            r.getString("source")));
      }
    }
    return out;
  }
}
