package io.tidemark.bench.peer;

import io.tidemark.bench.logs.ClientLogGenerator;
import io.tidemark.bench.logs.GenerateClientLogs;
import io.tidemark.bench.logs.LogOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * The input file of a peer benchmark, generated once per (events, devices, seed) and kept in {@code
 * dir}: the same bytes for every side of a run, and for the next run.
 */
final class PeerLogs {

  static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  private PeerLogs() {
  }

  static Path file(Path dir, long events, int devices, long seed) throws IOException {
    Path file = dir.resolve("client-logs-" + events + "-events-" + devices + "-devices-seed-" + seed + ".ndjson");
    if (Files.isRegularFile(file)) {
      return file;
    }
    Files.createDirectories(dir);
    Path partial = dir.resolve(file.getFileName() + ".partial");
    System.out.printf("generating %,d events of %,d devices (seed %d) into %s ...%n", events, devices, seed, file);
    long lines = GenerateClientLogs.write(new ClientLogGenerator(LogOptions.of(devices, events, seed, START)), partial);
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    System.out.printf("  %,d lines, %,d MB%n", lines, Files.size(file) >> 20);
    return file;
  }
}
