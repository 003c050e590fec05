package io.tidemark.bench.logs;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The events of raw NDJSON lines as a DuckDB table {@code ev}: event time {@code ts} by Segment's
 * skew correction ({@code receivedAt − (sentAt − client time)}, never after {@code receivedAt}), the
 * key {@code k} ({@code anonymousId}, else {@code userId}), and the columns the sessions need;
 * optionally deduplicated by messageId (the first received wins). Needs nothing but DuckDB JDBC, so
 * the Flink peer's tests can use it too.
 */
public final class DuckDbEvents {

  private static final String EVENTS = """
      CREATE TABLE ev AS
      SELECT message_id, type, anonymous_id, user_id, coalesce(anonymous_id, user_id) AS k, ts,
             CASE type WHEN 'screen' THEN name
                       WHEN 'page' THEN coalesce(context->>'$.page.path', properties->>'$.path') END AS loc,
             context->>'$.app.version' AS app_version, context->>'$.os.name' AS os_name,
             context->>'$.device.type' AS device_type
      FROM (
        SELECT *, CASE WHEN sent IS NULL THEN coalesce(client, rcv)
                       ELSE least(rcv - (sent - coalesce(client, sent)), rcv) END AS ts
        FROM (
          SELECT messageId AS message_id, type, anonymousId AS anonymous_id, userId AS user_id, name,
                 context, properties,
                 epoch_ms(CAST(rtrim(receivedAt, 'Z') AS TIMESTAMP)) AS rcv,
                 epoch_ms(CAST(rtrim(sentAt, 'Z') AS TIMESTAMP)) AS sent,
                 epoch_ms(CAST(rtrim(coalesce("timestamp", originalTimestamp), 'Z') AS TIMESTAMP)) AS client
          FROM read_json('%s', format = 'newline_delimited', columns = {
            messageId: 'VARCHAR', type: 'VARCHAR', anonymousId: 'VARCHAR', userId: 'VARCHAR',
            name: 'VARCHAR', event: 'VARCHAR', "timestamp": 'VARCHAR', originalTimestamp: 'VARCHAR',
            sentAt: 'VARCHAR', receivedAt: 'VARCHAR', context: 'JSON', properties: 'JSON'})))
      """;


  private static final String DEDUP = "QUALIFY row_number() OVER (PARTITION BY message_id ORDER BY rcv) = 1";

  private static final String SESSION_COUNT = """
      SELECT count(*) FROM (
        SELECT ts - lag(ts) OVER (PARTITION BY k ORDER BY ts) AS gap FROM ev)
      WHERE gap IS NULL OR gap > %d
      """;

  private DuckDbEvents() {
  }

  /** The statement that creates {@code ev} from {@code ndjson}. */
  static String createTable(Path ndjson, boolean dedup) {
    String sql = EVENTS.formatted(ndjson.toAbsolutePath().toString().replace("'", "''"));
    return dedup ? sql + DEDUP : sql;
  }

  /**
   * How many sessions the lines of {@code ndjson} make: per key, ordered by event time, a new
   * session after a gap of more than {@code gapMs}, over every line or only the first of each
   * messageId.
   */
  public static long sessionCount(Path ndjson, boolean dedup, long gapMs) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute(createTable(ndjson, dedup));
      try (ResultSet r = st.executeQuery(SESSION_COUNT.formatted(gapMs))) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
