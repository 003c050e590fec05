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
 * <p>The sides do not do the same work: the replay decodes every line into an envelope, deduplicates
 * by messageId, sessionizes with every column of the {@code sessions} table and writes the {@code raw}
 * archive and {@code sessions} as Parquet; DuckDB deduplicates and computes the same columns but
 * writes nothing; Flink only counts events per session window. The ratios are the goals.
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

    // 1. The user's command.
    Path lake = dir.resolve("replay-lake").toAbsolutePath();
    TaskCheckpoints.deleteRecursively(lake);
    Path times = logs.resolve("replay-time.txt");
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/time"))) {
      command.addAll(List.of("/usr/bin/time", "-f", "%e %U %S", "-o", times.toString()));
    }
    command.addAll(List.of(tidemark.toString(), "replay", "--input", file.toAbsolutePath().toString(), "--lake",
        lake.toString(), "--run-id", RUN_ID, "--work-dir", dir.resolve("replay-work").toAbsolutePath().toString()));
    double load = EngineVsFlink.loadAverage();
    ChildJvm.Outcome replay = ChildJvm.runCommand(command, logs.resolve("replay.log"), false);
    double replayInnerSeconds = innerSeconds(logs.resolve("replay.log"));
    double replayCpuSeconds = cpuSeconds(times);
    long replaySessions = finalSessions(lake.resolve("replay").resolve(RUN_ID).resolve("sessions"));
    System.out.printf(Locale.ROOT, "  tidemark replay: %.1f s (process), %.1f s (its own count), %,d sessions%n",
        replay.processMillis() / 1e3, replayInnerSeconds, replaySessions);

    // 2. DuckDB, in this JVM.
    double duckLoad = EngineVsFlink.loadAverage();
    long duckStart = System.nanoTime();
    List<SessionRow> duck = DuckDbSessions.of(file, "default", List.of());
    double duckSeconds = (System.nanoTime() - duckStart) / 1e9;
    System.out.printf(Locale.ROOT, "  DuckDB SQL: %.1f s, %,d sessions%n", duckSeconds, duck.size());

    // 3. Flink with RocksDB.
    ChildJvm.Outcome flink = EngineVsFlink.runSide(EngineVsFlink.Side.FLINK_ROCKSDB, file, logs, List.of());
    System.out.println("  Flink RocksDB: " + flink.result());

    double replaySeconds = replay.processMillis() / 1e3;
    double flinkSeconds = flink.longValue("wallMs") / 1e3;
    System.out.println();
    System.out.println("| system | wall s | events/s | CPU µs/event | sessions | load |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    System.out.printf(Locale.ROOT, "| `tidemark replay` (process; in its own count %.1f s) | %.1f | %,.0f | %s | %,d | %.1f |%n",
        replayInnerSeconds, replaySeconds, lines / replaySeconds,
        Double.isNaN(replayCpuSeconds) ? "–" : String.format(Locale.ROOT, "%.1f", replayCpuSeconds * 1e6 / lines),
        replaySessions, load);
    System.out.printf(Locale.ROOT, "| DuckDB SQL (dedup + sessions) | %.1f | %,.0f | – | %,d | %.1f |%n", duckSeconds,
        lines / duckSeconds, duck.size(), duckLoad);
    System.out.printf(Locale.ROOT, "| Flink RocksDB (session count, no dedup) | %.1f | %,.0f | %.1f | %,d | %.1f |%n",
        flinkSeconds, flink.doubleValue("eventsPerSec"), flink.doubleValue("cpuUsPerEvent"),
        flink.longValue("sessions"), flink.doubleValue("loadAverage"));
    System.out.println();
    System.out.printf(Locale.ROOT, "replay wall / DuckDB wall = %.2f (goal ≤ 1.5); replay events/s / Flink RocksDB"
        + " events/s = %.2f (goal ≥ 4)%n", replaySeconds / duckSeconds, (lines / replaySeconds)
        / flink.doubleValue("eventsPerSec"));
    if (replaySessions != duck.size()) {
      System.err.printf(Locale.ROOT, "FAILED: the replay wrote %,d final sessions, DuckDB computed %,d%n",
          replaySessions, duck.size());
      System.exit(1);
    }
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
