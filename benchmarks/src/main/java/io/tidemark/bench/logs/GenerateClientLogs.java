package io.tidemark.bench.logs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;

/**
 * Writes client logs to an NDJSON file, gzipped when its name ends in {@code .gz}.
 *
 * <pre>
 * java -cp ... io.tidemark.bench.logs.GenerateClientLogs --events 1000000 --devices 20000 \
 *     --seed 1 --start 2026-03-01T00:00:00Z --out logs.ndjson.gz
 * </pre>
 * Exit codes: 0 done, 2 bad arguments.
 */
public final class GenerateClientLogs {

  private GenerateClientLogs() {
  }

  public static void main(String[] args) throws IOException {
    long events = 100_000;
    int devices = 2_000;
    long seed = 1;
    Instant start = Instant.parse("2026-03-01T00:00:00Z");
    Path out = null;
    try {
      for (int i = 0; i < args.length; i++) {
        String v = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--events" -> events = Long.parseLong(v);
          case "--devices" -> devices = Integer.parseInt(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--start" -> start = Instant.parse(v);
          case "--out" -> out = Path.of(v);
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
        i++;
      }
      if (out == null) {
        throw new IllegalArgumentException("--out FILE is required");
      }
    } catch (RuntimeException e) {
      System.err.println("usage: GenerateClientLogs [--events N] [--devices N] [--seed N] [--start ISO] "
          + "--out FILE[.gz]\n" + e.getMessage());
      System.exit(2);
      return;
    }
    ClientLogGenerator g = new ClientLogGenerator(LogOptions.of(devices, events, seed, start));
    long lines = write(g, out);
    System.out.printf("%d lines (%d events, %d retried duplicates, %d offline) -> %s%n", lines, g.generated(),
        g.duplicateLines(), g.offlineEvents(), out);
  }

  /** Writes every line of {@code g} to {@code out}; returns the number of lines. */
  public static long write(ClientLogGenerator g, Path out) throws IOException {
    long n = 0;
    OutputStream raw = Files.newOutputStream(out);
    if (out.getFileName().toString().endsWith(".gz")) {
      raw = new GZIPOutputStream(raw, 1 << 16);
    }
    try (Writer w = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16)) {
      while (g.hasNext()) {
        w.write(g.next());
        w.write('\n');
        n++;
      }
    }
    return n;
  }
}
