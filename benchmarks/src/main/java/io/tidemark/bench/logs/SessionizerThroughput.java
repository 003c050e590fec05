package io.tidemark.bench.logs;

import io.tidemark.events.Envelope;
import io.tidemark.lake.datasets.SessionRow;
import io.tidemark.session.SessionizerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Events per second through dedup and sessionization in one TestDriver task on RocksDB: generated
 * logs are read and normalized first, then only the push and the end of input are timed.
 *
 * <pre>
 * java -cp ... io.tidemark.bench.logs.SessionizerThroughput [events] [devices] [seed]
 * </pre>
 */
public final class SessionizerThroughput {

  private SessionizerThroughput() {
  }

  public static void main(String[] args) throws IOException {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int devices = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
    Path dir = Files.createTempDirectory("sessionizer-bench");
    try {
      Path logs = dir.resolve("logs.ndjson.gz");
      GenerateClientLogs.write(new ClientLogGenerator(
          LogOptions.of(devices, events, seed, Instant.parse("2026-03-01T00:00:00Z"))), logs);
      List<Envelope> envelopes = LogFiles.read(logs, "shop");
      SessionizerRun.Result r = SessionizerRun.run(envelopes, SessionizerConfig.defaults(), dir.resolve("task"));
      long tombstones = r.rows().stream().filter(SessionRow::deleted).count();
      long updates = r.rows().stream().filter(x -> !x.deleted() && x.version() > 1).count();
      double seconds = r.nanos() / 1e9;
      double cpuSeconds = r.cpuNanos() / 1e9;
      System.out.printf("%d envelopes (%d devices) in %.2f s: %.0f events/s wall, %.0f events per CPU-second of"
              + " the task thread; %d rows (%d updates, %d tombstones), %d late%n", envelopes.size(), devices,
          seconds, envelopes.size() / seconds, envelopes.size() / cpuSeconds, r.rows().size(), updates, tombstones,
          r.late().size());
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
