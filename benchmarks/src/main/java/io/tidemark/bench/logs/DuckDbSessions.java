package io.tidemark.bench.logs;

import io.tidemark.lake.datasets.SessionRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * An independent sessionization in DuckDB SQL over the raw NDJSON lines: event time by Segment's
 * skew correction, dedup by messageId (first received wins; see {@link DuckDbEvents}), order by
 * (event time, messageId) per anonymousId, a new session after a gap of more than 30 minutes, then
 * the columns.
 */
public final class DuckDbSessions {

  private static final String SESSIONS = """
      WITH kept AS (SELECT * FROM ev WHERE message_id NOT IN (SELECT id FROM excluded)),
      ordered AS (
        SELECT *, lag(ts) OVER (PARTITION BY k ORDER BY ts, message_id) AS prev,
               lpad(CAST(ts AS VARCHAR), 15, '0') || chr(31) || message_id AS ord
        FROM kept),
      numbered AS (
        SELECT *, sum(CASE WHEN prev IS NULL OR ts - prev > 1800000 THEN 1 ELSE 0 END)
                    OVER (PARTITION BY k ORDER BY ts, message_id ROWS UNBOUNDED PRECEDING) AS sn
        FROM ordered),
      agg AS (
        SELECT k, sn, min(ts) AS s_start, max(ts) AS s_end, count(*) AS n,
               count(*) FILTER (WHERE type = 'page') AS pv,
               count(*) FILTER (WHERE type = 'screen') AS sv,
               count(*) FILTER (WHERE type = 'track') AS tv,
               arg_min(message_id, ord) AS first_id,
               arg_min(loc, ord) FILTER (WHERE loc IS NOT NULL) AS entry,
               arg_max(loc, ord) FILTER (WHERE loc IS NOT NULL) AS exit,
               arg_min(anonymous_id, ord) FILTER (WHERE anonymous_id IS NOT NULL) AS anon,
               arg_max(user_id, ord) FILTER (WHERE user_id IS NOT NULL) AS uid,
               arg_max(app_version, ord) FILTER (WHERE app_version IS NOT NULL) AS app,
               arg_max(os_name, ord) FILTER (WHERE os_name IS NOT NULL) AS os,
               arg_max(device_type, ord) FILTER (WHERE device_type IS NOT NULL) AS dev
        FROM numbered GROUP BY k, sn)
      SELECT substr(sha256(? || chr(31) || k || chr(31) || CAST(s_start AS VARCHAR) || chr(31) || first_id), 1, 32)
             AS session_id, *
      FROM agg ORDER BY s_start, session_id
      """;

  private DuckDbSessions() {
  }

  /** The sessions of the events in {@code ndjson} of {@code source}, leaving out {@code excludedIds}. */
  public static List<SessionRow> of(Path ndjson, String source, Collection<String> excludedIds) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement st = c.createStatement()) {
        st.execute(DuckDbEvents.createTable(ndjson, true));
        st.execute("CREATE TABLE excluded (id VARCHAR)");
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO excluded VALUES (?)")) {
        for (String id : excludedIds) {
          ins.setString(1, id);
          ins.addBatch();
        }
        ins.executeBatch();
      }
      List<SessionRow> out = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement(SESSIONS)) {
        q.setString(1, source);
        try (ResultSet r = q.executeQuery()) {
          while (r.next()) {
            long start = r.getLong("s_start");
            long end = r.getLong("s_end");
            long views = r.getLong("pv") + r.getLong("sv");
            out.add(new SessionRow(r.getString("session_id"), 0, false, r.getString("anon"), r.getString("uid"),
                Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), end - start, r.getLong("n"),
                r.getLong("pv"), r.getLong("sv"), r.getLong("tv"), r.getString("entry"), r.getString("exit"),
                views == 1, r.getString("app"), r.getString("os"), r.getString("dev"), source));
          }
        }
      }
      return out;
    }
  }

  /** How many distinct messageIds the file holds (a check that dedup had work to do). */
  static long distinctMessages(Path ndjson) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet r = st.executeQuery("SELECT count(DISTINCT messageId) FROM read_json('"
            + ndjson.toAbsolutePath().toString().replace("'", "''") + "', format = 'newline_delimited')")) {
      r.next();
      return r.getLong(1);
    }
  }
}
