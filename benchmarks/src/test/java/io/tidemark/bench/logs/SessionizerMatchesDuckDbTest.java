package io.tidemark.bench.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.config.EngineConfig;
import io.tidemark.events.Envelope;
import io.tidemark.lake.datasets.LateRow;
import io.tidemark.lake.datasets.SessionRow;
import io.tidemark.session.SessionizerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sessionizer, run over generated client logs in arrival order, ends with the same sessions,
 * row for row, as an independent DuckDB SQL sessionization of the same file.
 */
class SessionizerMatchesDuckDbTest {

  private static final String SOURCE = "shop";
  private static final int EVENTS = 30_000;

  @TempDir
  static Path dir;
  static Path logs;
  static List<Envelope> envelopes;

  @BeforeAll
  static void generate() throws Exception {
    logs = dir.resolve("logs.ndjson");
    GenerateClientLogs.write(new ClientLogGenerator(
        LogOptions.of(400, EVENTS, 20260301, Instant.parse("2026-03-01T00:00:00Z"))), logs);
    envelopes = LogFiles.read(logs, SOURCE);
  }

  @Test
  void finalSessionsEqualTheSqlReferenceWhenNothingIsLate() throws Exception {
    SessionizerRun.Result run = SessionizerRun.run(envelopes, SessionizerConfig.defaults(), dir.resolve("a"));

    assertThat(envelopes.size()).isGreaterThan(EVENTS);
    assertThat(DuckDbSessions.distinctMessages(logs)).isEqualTo(EVENTS);
    assertThat(run.late()).isEmpty();
    assertThat(run.rows()).as("offline uploads update written sessions").anyMatch(r -> r.version() > 1);
    List<SessionRow> expected = DuckDbSessions.of(logs, SOURCE, Set.of());
    assertThat(expected).hasSizeGreaterThan(1_000);
    assertThat(finalSessions(run.rows())).containsExactlyElementsOf(expected);
  }

  @Test
  void withSmallLatenessExactlyTheEventsBeyondItAreLateAndTheRestMatchTheReference() throws Exception {
    Duration lateness = Duration.ofMinutes(10);
    SessionizerRun.Result run = SessionizerRun.run(envelopes,
        SessionizerConfig.defaults().withAllowedLateness(lateness), dir.resolve("b"));

    Set<String> expectedLate = beyondLateness(envelopes, lateness.toMillis());
    assertThat(expectedLate).hasSizeGreaterThan(100);
    assertThat(run.late()).extracting(l -> l.event().messageId())
        .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expectedLate);
    assertThat(run.late()).extracting(LateRow::reason).containsOnly("beyond_allowed_lateness");
    assertThat(finalSessions(run.rows())).containsExactlyElementsOf(DuckDbSessions.of(logs, SOURCE, expectedLate));
  }

  /**
   * The first copies of messages whose time is at least {@code lateness} behind the watermark when
   * they arrive, with the engine's rule: the watermark is the largest event time pushed so far
   * minus the out-of-orderness, minus 1 ms.
   */
  private static Set<String> beyondLateness(List<Envelope> arrivals, long lateness) {
    long outOfOrderness = EngineConfig.defaults().get(EngineConfig.OUT_OF_ORDERNESS_MS);
    long max = Long.MIN_VALUE;
    Set<String> seen = new HashSet<>();
    Set<String> late = new HashSet<>();
    for (Envelope e : arrivals) {
      long t = e.timestamp().toEpochMilli();
      if (seen.add(e.messageId()) && max != Long.MIN_VALUE && t <= max - outOfOrderness - 1 - lateness) {
        late.add(e.messageId());
      }
      max = Math.max(max, t);
    }
    return late;
  }

  /** Highest version per id, deleted dropped, version zeroed (it depends on arrival order). */
  static List<SessionRow> finalSessions(List<SessionRow> rows) {
    Map<String, SessionRow> latest = new HashMap<>();
    for (SessionRow r : rows) {
      latest.merge(r.sessionId(), r, (a, b) -> b.version() > a.version() ? b : a);
    }
    List<SessionRow> out = new ArrayList<>();
    for (SessionRow r : latest.values()) {
      if (!r.deleted()) {
        out.add(new SessionRow(r.sessionId(), 0, false, r.anonymousId(), r.userId(), r.sessionStart(),
            r.sessionEnd(), r.durationMs(), r.eventCount(), r.pageViews(), r.screenViews(), r.trackEvents(),
            r.entryLocation(), r.exitLocation(), r.bounce(), r.appVersion(), r.osName(), r.deviceType(),
            r.source()));
      }
    }
    out.sort(Comparator.comparing(SessionRow::sessionStart).thenComparing(SessionRow::sessionId));
    return out;
  }
}
