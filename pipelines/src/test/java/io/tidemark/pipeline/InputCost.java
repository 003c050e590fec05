package io.tidemark.pipeline;

import io.tidemark.events.Envelope;
import io.tidemark.events.EventJson;
import io.tidemark.events.Normalized;
import io.tidemark.events.Normalizer;
import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.write.CommitGuard;
import io.tidemark.lake.write.LakeWriter;
import io.tidemark.lake.write.PendingCommit;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The input side's cost per event, stage by stage, in CPU time of one thread (not wall time: the
 * machine is shared): a raw Segment line normalized into envelope JSON, that JSON decoded into an
 * {@link Envelope} (what {@link LogFilesInput} and the live {@link EnvelopeDecoder} do), the
 * envelope's raw-archive row, and that row encoded into Parquet. Not a test: run by hand,
 *
 * <pre>java -cp pipelines/target/test-classes:pipelines/target/classes:CLASSPATH
 *     io.tidemark.pipeline.InputCost FILE.ndjson [LINES (300000)] [ROUNDS (5)]</pre>
 *
 * Each round runs every stage over the same lines; the best round of each stage is reported
 * (the first rounds warm the JIT up).
 */
public final class InputCost {

  private InputCost() {
  }

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int lines = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<byte[]> input = new ArrayList<>(lines);
    try (var reader = Files.newBufferedReader(file)) {
      String line;
      while (input.size() < lines && (line = reader.readLine()) != null) {
        input.add(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Normalizer normalizer = new Normalizer(32 * 1024);
    Instant at = Instant.parse("2026-03-01T00:00:00Z");
    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    Path dir = Files.createTempDirectory("input-cost");
    long sink = 0;
    for (int round = 0; round < rounds; round++) {
      int n = input.size();
      byte[][] json = new byte[n][];
      Envelope[] envelopes = new Envelope[n];
      RawRow[] rows = new RawRow[n];
      long t0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        byte[] line = input.get(i);
        Normalized.Accepted a = (Normalized.Accepted) EventJson.readLine(line, 0, line.length, normalizer, at, "bench");
        json[i] = a.json();
      }
      long t1 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        envelopes[i] = EventJson.decodeEnvelope(json[i]);
      }
      long t2 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        rows[i] = RawRows.of(envelopes[i]);
      }
      long t3 = mx.getCurrentThreadCpuTime();
      var lake = FileSystems.shared().resolve(dir.resolve("round-" + round).toString());
      try (LakeWriter<RawRow> writer = LakeWriter.forDataset(RawRow.DATASET).lake(lake).task(0)
          .recover(PendingCommit.initial("raw", 0), CommitGuard.ALWAYS)) {
        for (int i = 0; i < n; i++) {
          writer.write(rows[i]);
        }
        writer.commit(writer.preCommit(1, true), CommitGuard.ALWAYS);
      }
      long t4 = mx.getCurrentThreadCpuTime();
      long[] stage = {t1 - t0, t2 - t1, t3 - t2, t4 - t3};
      for (int s = 0; s < 4; s++) {
        best[s] = Math.min(best[s], stage[s] / 1e3 / n);
      }
      sink += rows[n - 1].context().length();
      System.out.printf(Locale.ROOT, "round %d: normalize %.2f, decode %.2f, raw row %.2f, parquet %.2f us/event%n",
          round, stage[0] / 1e3 / n, stage[1] / 1e3 / n, stage[2] / 1e3 / n, stage[3] / 1e3 / n);
    }
    System.out.printf(Locale.ROOT, "best of %d rounds over %,d lines (CPU us/event of one thread): normalize %.2f,"
            + " decode envelope %.2f, raw row %.2f, parquet %.2f; total %.2f (%d)%n", rounds, input.size(), best[0],
        best[1], best[2], best[3], best[0] + best[1] + best[2] + best[3], sink % 10);
  }
}
