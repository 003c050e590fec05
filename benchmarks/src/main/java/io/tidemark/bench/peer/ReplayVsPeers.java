package io.tidemark.bench.peer;

import io.tidemark.bench.logs.DuckDbSessions;
import io.tidemark.lake.datasets.SessionRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replay benchmark (issue 4): on one generated NDJSON file, in one run, the user's own command
 * {@code bin/tidemark replay --input FILE --lake DIR --run-id ID} as a child process, DuckDB's SQL
 * sessionization of the same file ({@link DuckDbSessions}, in this JVM), and Apache Flink's session
 * windows on RocksDB ({@code FlinkSessionJob}, a JVM of its own). The replay's sessions (highest
 * version, not deleted, read back from its Parquet with DuckDB) must be DuckDB's in number, or the run
 * fails.
 *
 * <p>The replay runs twice: with every table (raw archive, sessions, late, experiments), and with
 * {@code --tables sessions,late}, the work DuckDB and Flink are compared on. The sides still do not do
 * the same work: the replay decodes every line into an envelope, deduplicates by messageId,
 * sessionizes with every column of the {@code sessions} table and writes it as Parquet; DuckDB
 * deduplicates and computes the same columns but writes nothing; Flink only counts events per
 * session window. The ratios are the goals.
 */
public final class ReplayVsPeers {

  private static final String USAGE =
      "usage: benchmarks/run replay [--events N (5000000)] [--devices N (20000)] [--seed N (1)]"
          + " [--dir DIR (benchmarks/target/peer)]";
  private static final Pattern REPLAYED = Pattern.compile("replayed (\\d+) events .* in ([0-9.]+) s");
  private static final String RUN_ID = "bench";

  private ReplayVsPeers() {
  }

  public static void main(String[] args) throws Exception {
    long events = 5_000_000;
    int devices = 20_000;
    long seed = 1;
    Path dir = Path.of("benchmarks", "target", "peer");
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--events" -> events = Long.parseLong(args[++i]);
          case "--devices" -> devices = Integer.parseInt(args[++i]);
          case "--seed" -> seed = Long.parseLong(args[++i]);
          case "--dir" -> dir = Path.of(args[++i]);
          case "-h", "--help" -> {
            System.out.println(USAGE);
            return;
          }
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
    } catch (RuntimeException e) {
      System.err.println(USAGE + "\n" + e.getMessage());
      System.exit(2);
    }
    Path file = PeerLogs.file(dir, events, devices, seed);
    long lines;
    try (var s = Files.lines(file, StandardCharsets.UTF_8)) {
      lines = s.count();
    }
    Path logs = dir.resolve("logs");
    Path tidemark = Path.of("bin", "tidemark").toAbsolutePath();
    ChildJvm.runCommand(List.of(tidemark.toString(), "--help"), logs.resolve("tidemark-build.log"), false);
    System.out.printf(Locale.ROOT, "%s: %,d lines, %,d MB; load average %.1f%n", file, lines, Files.size(file) >> 20,
        EngineVsFlink.loadAverage());

    // 1. The user's command: every table, then only what DuckDB and Flink compute.
    ReplayRun full = replay(tidemark, file, dir, logs, "full", List.of());
    ReplayRun sessionsOnly = replay(tidemark, file, dir, logs, "sessions", List.of("--tables", "sessions,late"));

    // 2. DuckDB, in this JVM.
    double duckLoad = EngineVsFlink.loadAverage();
    long duckStart = System.nanoTime();
    List<SessionRow> duck = DuckDbSessions.of(file, "default", List.of());
    double duckSeconds = (System.nanoTime() - duckStart) / 1e9;
    System.out.printf(Locale.ROOT, "  DuckDB SQL: %.1f s, %,d sessions%n", duckSeconds, duck.size());

    // 3. Flink with RocksDB.
    ChildJvm.Outcome flink = EngineVsFlink.runSide(EngineVsFlink.Side.FLINK_ROCKSDB, file, logs, List.of());
    System.out.println("  Flink RocksDB: " + flink.result());

    double flinkSeconds = flink.longValue("wallMs") / 1e3;
    double flinkRate = flink.doubleValue("eventsPerSec");
    System.out.println();
    System.out.println("| system | wall s | events/s | CPU µs/event | sessions | load | wall ÷ DuckDB (goal ≤ 1.5)"
        + " | events/s ÷ Flink RocksDB (goal ≥ 4) |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (ReplayRun r : List.of(full, sessionsOnly)) {
      System.out.printf(Locale.ROOT, "| `tidemark replay%s` (process; %.1f s by its own count) | %.1f | %,.0f | %s | %,d"
              + " | %.1f | %.2f | %.2f |%n", r.args().isEmpty() ? "" : " " + String.join(" ", r.args()),
          r.innerSeconds(), r.seconds(), lines / r.seconds(),
          Double.isNaN(r.cpuSeconds()) ? "–" : String.format(Locale.ROOT, "%.1f", r.cpuSeconds() * 1e6 / lines),
          r.sessions(), r.load(), r.seconds() / duckSeconds, lines / r.seconds() / flinkRate);
    }
    System.out.printf(Locale.ROOT, "| DuckDB SQL (dedup + sessions) | %.1f | %,.0f | – | %,d | %.1f | | |%n", duckSeconds,
        lines / duckSeconds, duck.size(), duckLoad);
    System.out.printf(Locale.ROOT, "| Flink RocksDB (session count, no dedup) | %.1f | %,.0f | %.1f | %,d | %.1f | | |%n",
        flinkSeconds, flinkRate, flink.doubleValue("cpuUsPerEvent"), flink.longValue("sessions"),
        flink.doubleValue("loadAverage"));
    boolean failed = false;
    for (ReplayRun r : List.of(full, sessionsOnly)) {
      if (r.sessions() != duck.size()) {
        System.err.printf(Locale.ROOT, "FAILED: the replay %s wrote %,d final sessions, DuckDB computed %,d%n", r.args(),
            r.sessions(), duck.size());
        failed = true;
      }
    }
    if (failed) {
      System.exit(1);
    }
  }

  /** One run of the user's command: wall (process), its own count, CPU, final sessions, load at its start. */
  private record ReplayRun(List<String> args, double seconds, double innerSeconds, double cpuSeconds, long sessions,
      double load) {
  }

  private static ReplayRun replay(Path tidemark, Path file, Path dir, Path logs, String name, List<String> args)
      throws Exception {
    Path lake = dir.resolve("replay-lake").toAbsolutePath();
    TaskCheckpoints.deleteRecursively(lake);
    Path times = logs.resolve("replay-" + name + "-time.txt");
    Path log = logs.resolve("replay-" + name + ".log");
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/time"))) {
      command.addAll(List.of("/usr/bin/time", "-f", "%e %U %S", "-o", times.toString()));
    }
    command.addAll(List.of(tidemark.toString(), "replay", "--input", file.toAbsolutePath().toString(), "--lake",
        lake.toString(), "--run-id", RUN_ID, "--work-dir", dir.resolve("replay-work").toAbsolutePath().toString()));
    command.addAll(args);
    double load = EngineVsFlink.loadAverage();
    ChildJvm.Outcome replay = ChildJvm.runCommand(command, log, false);
    ReplayRun r = new ReplayRun(args, replay.processMillis() / 1e3, innerSeconds(log), cpuSeconds(times),
        finalSessions(lake.resolve("replay").resolve(RUN_ID).resolve("sessions")), load);
    System.out.printf(Locale.ROOT, "  tidemark replay %s: %.1f s (process), %.1f s (its own count), %,d sessions%n",
        String.join(" ", args), r.seconds(), r.innerSeconds(), r.sessions());
    return r;
  }

  /** Sessions of a {@code sessions} dataset: each session_id's highest version, unless it is a deletion. */
  static long finalSessions(Path sessions) throws Exception {
    String glob = sessions.toAbsolutePath().toString().replace("'", "''") + "/**/*.parquet";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet r = st.executeQuery("SELECT count(*) FROM (SELECT session_id, arg_max(is_deleted, version) AS deleted"
            + " FROM read_parquet('" + glob + "') GROUP BY session_id) WHERE NOT deleted")) {
      r.next();
      return r.getLong(1);
    }
  }

  private static double innerSeconds(Path log) throws java.io.IOException {
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher m = REPLAYED.matcher(line);
      if (m.find()) {
        return Double.parseDouble(m.group(2));
      }
    }
    throw new IllegalStateException("no 'replayed N events ... in S s' line in " + log);
  }

  /** User + system CPU seconds that /usr/bin/time wrote, or NaN without it. */
  private static double cpuSeconds(Path times) throws java.io.IOException {
    if (!Files.isRegularFile(times)) {
      return Double.NaN;
    }
    List<String> lines = Files.readAllLines(times, StandardCharsets.UTF_8);
    String[] f = lines.get(lines.size() - 1).trim().split("\\s+");
    return Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
  }
}
