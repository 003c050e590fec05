package io.tidemark.app;

import io.tidemark.lake.datasets.SessionRow;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.read.LakeReader;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The readable sessions of a lake (highest {@code version} per {@code session_id}, tombstones
 * dropped), read two independent ways: DuckDB SQL over the Parquet files and our {@link
 * LakeReader}. Versions are zeroed (they may differ between runs; the rows kept may not), rows
 * ordered by (session_start, session_id).
 */
final class LakeSessions {

  private static final Comparator<SessionRow> ORDER =
      Comparator.comparing(SessionRow::sessionStart).thenComparing(SessionRow::sessionId);

  private LakeSessions() {
  }

  static List<SessionRow> withDuckDb(String lake) throws SQLException {
    String files = (lake + "/sessions/dt=*/part-*.parquet").replace("'", "''");
    List<SessionRow> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
        ResultSet r = st.executeQuery("""
            SELECT *, epoch_ms(session_start) AS s_ms, epoch_ms(session_end) AS e_ms
            FROM read_parquet('%s', hive_partitioning = true)
            QUALIFY row_number() OVER (PARTITION BY session_id ORDER BY version DESC) = 1 AND NOT is_deleted
            ORDER BY session_start, session_id""".formatted(files))) {
      while (r.next()) {
        out.add(new SessionRow(r.getString("session_id"), 0, false, r.getString("anonymous_id"),
            r.getString("user_id"), Instant.ofEpochMilli(r.getLong("s_ms")), Instant.ofEpochMilli(r.getLong("e_ms")),
            r.getLong("duration_ms"), r.getLong("event_count"), r.getLong("page_views"), r.getLong("screen_views"),
            r.getLong("track_events"), r.getString("entry_location"), r.getString("exit_location"),
            r.getBoolean("bounce"), r.getString("app_version"), r.getString("os_name"), r.getString("device_type"),
            r.getString("source")));
      }
    }
    return out;
  }

  static List<SessionRow> withLakeReader(String lake) throws IOException {
    Map<String, SessionRow> newest = new HashMap<>();
    for (SessionRow r : LakeReader.readAll(SessionRow.DATASET, FileSystems.shared().resolve(lake))) {
      newest.merge(r.sessionId(), r, (a, b) -> a.version() >= b.version() ? a : b);
    }
    return newest.values().stream().filter(r -> !r.deleted()).map(LakeSessions::versionZero).sorted(ORDER).toList();
  }

  private static SessionRow versionZero(SessionRow r) {
    return new SessionRow(r.sessionId(), 0, false, r.anonymousId(), r.userId(), r.sessionStart(), r.sessionEnd(),
        r.durationMs(), r.eventCount(), r.pageViews(), r.screenViews(), r.trackEvents(), r.entryLocation(),
        r.exitLocation(), r.bounce(), r.appVersion(), r.osName(), r.deviceType(), r.source());
  }
}
