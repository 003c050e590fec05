package io.tidemark.benchmarks.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tidemark.benchmarks.events.SegmentBatches;
import io.tidemark.benchmarks.events.SyntheticEvents;
import io.tidemark.events.BatchScanner;
import io.tidemark.events.Normalized;
import io.tidemark.events.Normalizer;
import io.tidemark.events.RawEvent;
import io.tidemark.events.Receipt;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gateway worker's per-event work without HTTP or Kafka, on one thread: the batch scan, then
 * normalizing each event into its envelope, over the gateway benchmark's own request bodies (200
 * requests of 50 events, seed 42). Reports this thread's CPU time per event for each step, the best
 * of several rounds after a warm-up, so that changes to the scanner or the normalizer can be judged
 * without the noise of a whole-process benchmark on a shared machine.
 *
 * <pre>java -cp ... io.tidemark.benchmarks.gateway.WorkerPathBenchmark [rounds]</pre>
 */
public final class WorkerPathBenchmark {
  private static final int REQUESTS = 200;
  private static final int BATCH = 50;

  private WorkerPathBenchmark() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    SyntheticEvents events = new SyntheticEvents(42, 10_000, Instant.now().minus(Duration.ofMinutes(30)));
    List<byte[]> bodies = new ArrayList<>();
    for (int r = 0; r < REQUESTS; r++) {
      List<ObjectNode> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        batch.add(events.next());
      }
      bodies.add(SegmentBatches.body(batch, Instant.now()));
    }
    Normalizer normalizer = new Normalizer(32 * 1024);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sink = 0;
    // warm-up: enough passes for C2 to compile the path
    for (int pass = 0; pass < 300; pass++) {
      sink += pass(bodies, normalizer, null, threads);
    }
    double bestScan = Double.MAX_VALUE;
    double bestNormalize = Double.MAX_VALUE;
    for (int round = 0; round < rounds; round++) {
      long[] cpu = new long[2];
      for (int pass = 0; pass < 50; pass++) {
        sink += pass(bodies, normalizer, cpu, threads);
      }
      double eventsPerRound = 50.0 * REQUESTS * BATCH;
      bestScan = Math.min(bestScan, cpu[0] / eventsPerRound);
      bestNormalize = Math.min(bestNormalize, cpu[1] / eventsPerRound);
    }
    System.out.printf(Locale.ROOT, "per event (thread CPU, best of %d rounds): scan %.0f ns, normalize + envelope %.0f ns,"
        + " total %.0f ns (checksum %d)%n", rounds, bestScan, bestNormalize, bestScan + bestNormalize, sink);
  }

  /** One pass over every body; adds the scan's and the normalizing's CPU nanoseconds to {@code cpu}. */
  private static long pass(List<byte[]> bodies, Normalizer normalizer, long[] cpu, ThreadMXBean threads) {
    long sink = 0;
    for (byte[] body : bodies) {
      long t0 = cpu == null ? 0 : threads.getCurrentThreadCpuTime();
      BatchScanner.Batch batch = BatchScanner.scan(body, body.length, 64, 2500);
      long t1 = cpu == null ? 0 : threads.getCurrentThreadCpuTime();
      if (batch == null) {
        throw new IllegalStateException("the scanner gave up on a benchmark body");
      }
      Receipt receipt = new Receipt(Instant.now(), "bench", null, TextNode.valueOf(batch.sentAt()), null,
          "127.0.0.1", false);
      Normalizer.Request request = normalizer.request(receipt);
      for (RawEvent e : batch.events()) {
        Normalized n = request.normalize(e);
        if (!(n instanceof Normalized.Accepted a)) {
          throw new IllegalStateException("a benchmark event was rejected: " + n);
        }
        sink += a.json().length;
      }
      if (cpu != null) {
        long t2 = threads.getCurrentThreadCpuTime();
        cpu[0] += t1 - t0;
        cpu[1] += t2 - t1;
      }
    }
    return sink;
  }
}
