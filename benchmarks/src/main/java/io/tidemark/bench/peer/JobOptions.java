package io.tidemark.bench.peer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The flags of the session job that both sides of the peer benchmark run ({@code EngineSessionJob},
 * {@code FlinkSessionJob}), with the same defaults: the job issue 3 describes. Plain Java: it loads in
 * Flink's JVM too.
 *
 * @param backend Flink's state backend ({@code rocksdb} or {@code hashmap}); our engine runs on RocksDB
 * @param latenessMs allowed lateness: by default 24 h (the sessionizer's default), more than the
 *     generated logs' worst delay, so no event is dropped and both sides must count the same sessions
 */
public record JobOptions(Path input, int parallelism, long checkpointIntervalMs, long gapMs, long latenessMs,
    long outOfOrdernessMs, String backend, Path workDir) {

  public static final long DEFAULT_GAP_MS = 30 * 60_000;
  public static final long DEFAULT_LATENESS_MS = 24 * 3_600_000L;

  public JobOptions {
    if (input == null) {
      throw new IllegalArgumentException("--input FILE is required");
    }
    if (!Files.isRegularFile(input)) {
      throw new IllegalArgumentException("--input " + input + " is not a file");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("--parallelism must be at least 1, got " + parallelism);
    }
    if (checkpointIntervalMs < 10 || gapMs < 1 || latenessMs < 0 || outOfOrdernessMs < 0) {
      throw new IllegalArgumentException("--checkpoint-interval-ms must be at least 10, --gap-ms positive,"
          + " --lateness-ms and --out-of-orderness-ms not negative");
    }
    if (!backend.equals("rocksdb") && !backend.equals("hashmap")) {
      throw new IllegalArgumentException("--backend must be rocksdb or hashmap, got " + backend);
    }
  }

  /** Parses the flags; on a bad one prints the usage of {@code main} and exits with status 2. */
  public static JobOptions parse(String[] args, String main) {
    Path input = null;
    int parallelism = 2;
    long interval = 10_000;
    long gap = DEFAULT_GAP_MS;
    long lateness = DEFAULT_LATENESS_MS;
    long outOfOrderness = 5_000;
    String backend = "rocksdb";
    Path workDir = null;
    try {
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        String v = args[i + 1];
        switch (args[i]) {
          case "--input" -> input = Path.of(v);
          case "--parallelism" -> parallelism = Integer.parseInt(v);
          case "--checkpoint-interval-ms" -> interval = Long.parseLong(v);
          case "--gap-ms" -> gap = Long.parseLong(v);
          case "--lateness-ms" -> lateness = Long.parseLong(v);
          case "--out-of-orderness-ms" -> outOfOrderness = Long.parseLong(v);
          case "--backend" -> backend = v;
          case "--work-dir" -> workDir = Path.of(v);
          default -> throw new IllegalArgumentException("unknown flag " + args[i]);
        }
      }
      return new JobOptions(input, parallelism, interval, gap, lateness, outOfOrderness, backend, workDir);
    } catch (IllegalArgumentException e) {
      System.err.println("usage: " + main + " --input FILE [--parallelism 2] [--checkpoint-interval-ms 10000]"
          + " [--gap-ms 1800000] [--lateness-ms 86400000] [--out-of-orderness-ms 5000] [--backend rocksdb|hashmap]"
          + " [--work-dir DIR]\n" + e.getMessage());
      System.exit(2);
      throw e;
    }
  }
}
