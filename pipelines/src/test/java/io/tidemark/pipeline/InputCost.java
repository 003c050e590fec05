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
 * envelope's raw-archive row, that row encoded into Parquet, and the four context fields the
 * sessionizer reads, from the kept text ({@code JsonObject.scalarText}) and from the tree (parsed
 * on first use); and the replay's way from a line to an envelope ({@code EventJson.readLineToEnvelope},
 * no JSON written and read back), to set against the first two stages. Not a test: run by hand,
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
    String[] stages = {"normalize", "decode envelope", "raw row", "parquet", "context scalars (text)",
        "context scalars (tree)", "line to envelope (replay)"};
    double[] best = new double[stages.length];
    java.util.Arrays.fill(best, Double.MAX_VALUE);
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
      for (int i = 0; i < n; i++) {
        sink += sessionReads(envelopes[i].contextJson().scalarText("app", "version"),
            envelopes[i].contextJson().scalarText("os", "name"), envelopes[i].contextJson().scalarText("device", "type"),
            envelopes[i].contextJson().scalarText("page", "path"));
      }
      long t5 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        var ctx = envelopes[i].context(); // what SessionAgg reads today: the tree, parsed here on first use
        sink += sessionReads(ctx.path("app").path("version").asText(null), ctx.path("os").path("name").asText(null),
            ctx.path("device").path("type").asText(null), ctx.path("page").path("path").asText(null));
      }
      long t6 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        byte[] line = input.get(i);
        sink += ((Normalized.Accepted) EventJson.readLineToEnvelope(line, 0, line.length, normalizer, at, "bench"))
            .envelope().messageId().length();
      }
      long t7 = mx.getCurrentThreadCpuTime();
      long[] stage = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6};
      StringBuilder line = new StringBuilder("round " + round + ":");
      for (int s = 0; s < stage.length; s++) {
        best[s] = Math.min(best[s], stage[s] / 1e3 / n);
        line.append(String.format(Locale.ROOT, " %s %.2f", stages[s], stage[s] / 1e3 / n));
      }
      sink += rows[n - 1].context().length();
      long bytes;
      try (var files = Files.walk(dir.resolve("round-" + round))) {
        bytes = files.filter(f -> f.toString().endsWith(".parquet")).mapToLong(f -> f.toFile().length()).sum();
      }
      System.out.println(line + " us/event; Parquet " + bytes / n + " bytes/event");
    }
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "best of %d rounds over %,d lines (CPU us/event of one thread):", rounds, input.size()));
    for (int s = 0; s < stages.length; s++) {
      line.append(String.format(Locale.ROOT, " %s %.2f;", stages[s], best[s]));
    }
    System.out.println(line + " (" + sink % 10 + ")");
  }

  private static int sessionReads(String... values) {
    int n = 0;
    for (String v : values) {
      n += v == null ? 0 : v.length();
    }
    return n;
  }
}
