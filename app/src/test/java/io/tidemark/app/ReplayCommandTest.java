package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.events.Envelope;
import io.tidemark.events.EventJson;
import io.tidemark.events.Normalized;
import io.tidemark.events.Normalizer;
import io.tidemark.events.Receipt;
import io.tidemark.lake.datasets.LateRow;
import io.tidemark.lake.datasets.RawRow;
import io.tidemark.pipeline.Replay;
import io.tidemark.lake.datasets.SessionRow;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.read.LakeReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tidemark replay} over small NDJSON files: outputs, idempotence, date filter, errors. */
class ReplayCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Tidemark.commandLine(new ReplayCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  /**
   * Two days of events for two devices: raw Segment lines (one sent twice, one gap of 40 minutes)
   * in a .gz file and one envelope line (source "web") in a plain file.
   */
  private Path logs() throws Exception {
    Path d = Files.createDirectories(dir.resolve("logs"));
    List<String> lines = new ArrayList<>();
    lines.add(segment("m1", "a1", "2026-03-01T10:00:00.000Z", "/home"));
    lines.add(segment("m2", "a1", "2026-03-01T10:05:00.000Z", "/cart"));
    lines.add(segment("m2", "a1", "2026-03-01T10:05:00.000Z", "/cart"));
    lines.add(segment("m3", "a1", "2026-03-01T10:45:00.000Z", "/home"));
    lines.add(segment("m4", "a2", "2026-03-02T08:00:00.000Z", "/"));
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(d.resolve("a.ndjson.gz")))) {
      o.write(String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
    }
    String raw = segment("m5", "a3", "2026-03-02T09:00:00.000Z", "/x");
    Normalized n = new Normalizer(32 * 1024).normalize(raw.getBytes(StandardCharsets.UTF_8), 0, raw.length(),
        Receipt.of(Instant.parse("2026-03-02T09:00:01Z"), "web"));
    Envelope e = ((Normalized.Accepted) n).envelope();
    Files.writeString(d.resolve("b.ndjson"), new String(EventJson.encode(e), StandardCharsets.UTF_8) + "\n");
    return d;
  }

  private static String segment(String id, String anon, String ts, String path) {
    return """
        {"type":"page","messageId":"%s","anonymousId":"%s","timestamp":"%s","sentAt":"%s","receivedAt":"%s",\
        "context":{"page":{"path":"%s"}}}""".formatted(id, anon, ts, ts, ts, path);
  }

  @Test
  void writesRawSessionsUnderTheRunAndARerunGivesTheSameContent() throws Exception {
    Path logs = logs();
    String lake = dir.resolve("lake").toString();

    assertThat(run("--input", logs.toString(), "--lake", lake, "--run-id", "r1")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("replayed 6 events").contains(lake + "/replay/r1/sessions");
    assertThat(err.toString()).contains("replay r1: 6 events").contains("done");
    var replayLake = FileSystems.shared().resolve(lake + "/replay/r1");
    List<RawRow> raw = LakeReader.readAll(RawRow.DATASET, replayLake);
    List<SessionRow> sessions = LakeReader.readAll(SessionRow.DATASET, replayLake);
    assertThat(raw).hasSize(6).extracting(RawRow::source).containsOnly("default", "web");
    List<SessionRow> last = finalSessions(sessions);
    assertThat(last).extracting(SessionRow::anonymousId, SessionRow::eventCount, SessionRow::entryLocation,
            SessionRow::exitLocation)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a1", 2L, "/home", "/cart"),
            org.assertj.core.groups.Tuple.tuple("a1", 1L, "/home", "/home"),
            org.assertj.core.groups.Tuple.tuple("a2", 1L, "/", "/"),
            org.assertj.core.groups.Tuple.tuple("a3", 1L, "/x", "/x"));
    List<String> files = files(dir.resolve("lake/replay/r1"));

    assertThat(run("--input", logs.toString(), "--lake", lake, "--run-id", "r1")).isZero();
    assertThat(files(dir.resolve("lake/replay/r1"))).isEqualTo(files);
    assertThat(LakeReader.readAll(RawRow.DATASET, replayLake)).containsExactlyElementsOf(raw);
    assertThat(LakeReader.readAll(SessionRow.DATASET, replayLake)).containsExactlyElementsOf(sessions);
  }

  @Test
  void aRawArchiveReplaysToTheSameRawRowsAndSessions() throws Exception {
    String lake = dir.resolve("lake").toString();
    assertThat(run("--input", logs().toString(), "--lake", lake, "--run-id", "r1")).isZero();
    var first = FileSystems.shared().resolve(lake + "/replay/r1");

    assertThat(run("--input", lake + "/replay/r1/raw", "--lake", lake, "--run-id", "again")).as(err.toString())
        .isZero();

    assertThat(out.toString()).contains("raw archive");
    var again = FileSystems.shared().resolve(lake + "/replay/again");
    assertThat(LakeReader.readAll(RawRow.DATASET, again))
        .containsExactlyInAnyOrderElementsOf(LakeReader.readAll(RawRow.DATASET, first));
    assertThat(finalSessions(LakeReader.readAll(SessionRow.DATASET, again)))
        .containsExactlyElementsOf(finalSessions(LakeReader.readAll(SessionRow.DATASET, first)));
  }

  @Test
  void publishReplacesOnlyTheReplayedDatesOfTheLiveTablesAndIsIdempotent() throws Exception {
    Path logs = logs();
    String lake = dir.resolve("lake").toString();
    assertThat(run("--input", logs.toString(), "--lake", lake, "--run-id", "all", "--publish")).isZero();
    var live = FileSystems.shared().resolve(lake);
    assertThat(LakeReader.readAll(RawRow.DATASET, live)).extracting(RawRow::messageId)
        .containsExactlyInAnyOrder("m1", "m2", "m2", "m3", "m4", "m5");
    Files.writeString(logs.resolve("b.ndjson"), segment("m6", "a2", "2026-03-02T08:10:00.000Z", "/y") + "\n",
        java.nio.file.StandardOpenOption.APPEND);

    for (int i = 0; i < 2; i++) {
      assertThat(run("--input", logs.toString(), "--lake", lake, "--run-id", "day2", "--from", "2026-03-02",
          "--to", "2026-03-02", "--publish")).as(err.toString()).isZero();

      assertThat(LakeReader.readAll(RawRow.DATASET, live)).extracting(RawRow::messageId)
          .containsExactlyInAnyOrder("m1", "m2", "m2", "m3", "m4", "m5", "m6");
      assertThat(finalSessions(LakeReader.readAll(SessionRow.DATASET, live)))
          .extracting(SessionRow::anonymousId, SessionRow::eventCount)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("a1", 2L), org.assertj.core.groups.Tuple.tuple("a1", 1L),
              org.assertj.core.groups.Tuple.tuple("a2", 2L), org.assertj.core.groups.Tuple.tuple("a3", 1L));
    }
    assertThat(out.toString()).contains("published 2 partition(s)");
    var replaced = LakeReader.files(FileSystems.shared().resolve(lake + "/raw/_replaced"), "day2", null, null);
    List<RawRow> old = new ArrayList<>();
    try (var cursor = LakeReader.open(RawRow.DATASET, replaced)) {
      cursor.forEachRemaining(old::add);
    }
    assertThat(old).as("the partition before the first publish, kept").extracting(RawRow::messageId)
        .containsExactlyInAnyOrder("m4", "m5");
  }

  @Test
  void fromAndToKeepOnlyEventsOfThoseDates() throws Exception {
    Path logs = logs();
    String lake = dir.resolve("lake").toString();

    assertThat(run("--input", logs + "/*.ndjson*", "--lake", lake, "--run-id", "day2", "--from", "2026-03-02",
        "--to", "2026-03-02")).as(err.toString()).isZero();

    assertThat(out.toString()).contains("replayed 2 events (4 outside --from/--to");
    List<RawRow> raw = LakeReader.readAll(RawRow.DATASET, FileSystems.shared().resolve(lake + "/replay/day2"));
    assertThat(raw).extracting(RawRow::messageId).containsExactlyInAnyOrder("m4", "m5");
  }

  @Test
  void configurationProblemsAreAllListedWithExit2() {
    int code = run("--input", dir.resolve("missing.ndjson").toString(), "--lake", dir.toString(), "--run-id",
        "../x", "--from", "March", "--to", "2026-03-01", "--parallelism", "0");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--from must be a date").contains("--run-id must be")
        .contains("missing.ndjson").contains("--parallelism must be at least 1: 0");
  }

  @Test
  void theParallelismChangesTheFilesButNotTheRows() throws Exception {
    Path logs = logs();
    String lake = dir.resolve("lake").toString();

    assertThat(run("--input", logs.toString(), "--lake", lake, "--run-id", "one", "--parallelism", "1"))
        .as(err.toString()).isZero();
    assertThat(run("--input", logs.toString(), "--lake", lake, "--run-id", "three", "--parallelism", "3"))
        .as(err.toString()).isZero();

    var one = FileSystems.shared().resolve(lake + "/replay/one");
    var three = FileSystems.shared().resolve(lake + "/replay/three");
    assertThat(LakeReader.readAll(RawRow.DATASET, three))
        .containsExactlyInAnyOrderElementsOf(LakeReader.readAll(RawRow.DATASET, one));
    assertThat(finalSessions(LakeReader.readAll(SessionRow.DATASET, three)))
        .containsExactlyInAnyOrderElementsOf(finalSessions(LakeReader.readAll(SessionRow.DATASET, one)));
    // Each device's raw rows are in the file of the task Kafka's partitioner picks among three.
    java.util.Set<Integer> expectedTasks = new java.util.TreeSet<>();
    for (RawRow r : LakeReader.readAll(RawRow.DATASET, one)) {
      expectedTasks.add(Replay.taskOf(r.anonymousId() != null ? r.anonymousId() : r.userId(), 3));
    }
    java.util.Set<Integer> writingTasks = new java.util.TreeSet<>();
    for (String f : files(dir.resolve("lake/replay/three/raw"))) {
      writingTasks.add(Integer.parseInt(f.replaceAll(".*part-(\\d+)-.*", "$1")));
    }
    assertThat(writingTasks).isEqualTo(expectedTasks);
  }

  @Test
  void selectedTablesGetTheFullReplaysRowsAndNoOtherTableIsWritten() throws Exception {
    Path logs = logs();
    // Read last by the one task: a page view 3 days behind its watermark (late for the sessionizer) and an
    // exposure 3.5 hours behind (late for the experiments only).
    Files.writeString(logs.resolve("c.ndjson"), segment("m7", "a1", "2026-02-27T09:00:00.000Z", "/old") + "\n"
        + """
        {"type":"track","event":"Experiment Viewed","messageId":"m8","anonymousId":"a2",\
        "properties":{"experiment_id":"e1","variation_id":"v1"},"timestamp":"2026-03-02T05:30:00.000Z"}
        """);
    String lake = dir.resolve("lake").toString();
    assertThat(run("--input", logs.toString(), "--lake", lake, "--run-id", "all", "--parallelism", "1"))
        .as(err.toString()).isZero();

    assertThat(run("--input", logs.toString(), "--lake", lake, "--run-id", "some", "--parallelism", "1",
        "--tables", "sessions,late")).as(err.toString()).isZero();

    var all = FileSystems.shared().resolve(lake + "/replay/all");
    var some = FileSystems.shared().resolve(lake + "/replay/some");
    List<SessionRow> sessions = LakeReader.readAll(SessionRow.DATASET, all);
    assertThat(sessions).isNotEmpty();
    assertThat(LakeReader.readAll(SessionRow.DATASET, some)).containsExactlyInAnyOrderElementsOf(sessions);
    List<LateRow> late = LakeReader.readAll(LateRow.DATASET, all);
    List<LateRow> sessionizerLate = late.stream().filter(r -> r.pipeline().equals("sessionizer")).toList();
    assertThat(sessionizerLate).extracting(r -> r.event().messageId()).containsExactly("m7");
    assertThat(late).as("the experiments' late rows, in the full replay only")
        .filteredOn(r -> r.pipeline().equals("experiments")).extracting(r -> r.event().messageId())
        .containsExactly("m8");
    assertThat(LakeReader.readAll(LateRow.DATASET, some)).containsExactlyInAnyOrderElementsOf(sessionizerLate);
    assertThat(files(dir.resolve("lake/replay/some"))).isNotEmpty()
        .allMatch(f -> f.startsWith("sessions/") || f.startsWith("late/"));
    assertThat(out.toString()).contains("-> " + lake + "/replay/some/{sessions,late}");
  }

  @Test
  void publishWritesOnlyTheProducedTables() throws Exception {
    Path logs = logs();
    String lake = dir.resolve("lake").toString();

    assertThat(run("--input", logs.toString(), "--lake", lake, "--run-id", "s", "--tables", "sessions",
        "--publish")).as(err.toString()).isZero();

    assertThat(out.toString()).contains("published 2 partition(s)");
    assertThat(files(dir.resolve("lake"))).filteredOn(f -> !f.startsWith("replay/")).isNotEmpty()
        .allMatch(f -> f.startsWith("sessions/dt="));
    assertThat(finalSessions(LakeReader.readAll(SessionRow.DATASET, FileSystems.shared().resolve(lake))))
        .extracting(SessionRow::anonymousId).containsExactly("a1", "a1", "a2", "a3");
  }

  @Test
  void unknownTablesAndAPublishOfPartialLateRowsExitWith2() {
    assertThat(run("--input", dir.toString(), "--lake", dir.toString(), "--run-id", "x", "--tables",
        "sessions,session,raws")).isEqualTo(2);
    assertThat(err.toString()).contains("--tables sessions,session,raws: unknown table(s) session, raws; the tables"
        + " are raw, sessions, late, experiment_units, experiment_stats");

    assertThat(run("--input", dir.toString(), "--lake", dir.toString(), "--run-id", "x", "--tables", "late",
        "--publish")).isEqualTo(2);
    assertThat(err.toString()).contains("--publish with --tables late: late would hold the sessionizer's late rows"
        + " only");
  }

  private static List<SessionRow> finalSessions(List<SessionRow> rows) {
    java.util.Map<String, SessionRow> latest = new java.util.HashMap<>();
    for (SessionRow r : rows) {
      latest.merge(r.sessionId(), r, (a, b) -> b.version() > a.version() ? b : a);
    }
    return latest.values().stream().filter(r -> !r.deleted())
        .sorted(Comparator.comparing(SessionRow::sessionStart).thenComparing(SessionRow::sessionId)).toList();
  }

  private static List<String> files(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }
}
