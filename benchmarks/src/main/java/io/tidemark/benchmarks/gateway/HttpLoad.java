package io.tidemark.benchmarks.gateway;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Closed-loop HTTP load: {@code concurrency} threads, each on its own keep-alive connection, send
 * pre-serialized requests back to back (a new one as soon as the last is answered), cycling through
 * the given requests. Only answers that arrive inside the measured window count, so the rate is not
 * inflated by requests started during the warm-up; the process CPU time is read at the window's
 * edges too, so that the warm-up's work (JIT compilation above all) is not charged to its events.
 */
final class HttpLoad {
  private static final int WARMUP = 0;
  private static final int MEASURE = 1;
  private static final int STOP = 2;

  private final String host;
  private final int port;
  private final List<byte[]> requests;
  private final int eventsPerRequest;
  private volatile int phase = WARMUP;

  HttpLoad(String host, int port, List<byte[]> requests, int eventsPerRequest) {
    this.host = host;
    this.port = port;
    this.requests = List.copyOf(requests);
    this.eventsPerRequest = eventsPerRequest;
  }

  RunResult run(String name, int concurrency, int warmupSeconds, int seconds, LongSupplier cpuNanos)
      throws InterruptedException {
    List<Latencies> latencies = new ArrayList<>();
    Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      Latencies mine = new Latencies();
      latencies.add(mine);
      int offset = t * requests.size() / concurrency;
      Thread thread = new Thread(() -> loop(offset, mine, statuses), "http-load-" + t);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    Thread.sleep(warmupSeconds * 1000L);
    long cpuAtStart = cpuNanos.getAsLong();
    phase = MEASURE;
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    phase = STOP;
    double measured = (System.nanoTime() - start) / 1e9;
    long cpu = cpuNanos.getAsLong() - cpuAtStart;
    for (Thread thread : threads) {
      thread.join(120_000);
    }
    long[] sorted = Latencies.merged(latencies);
    Map<Integer, Long> byStatus = new TreeMap<>();
    statuses.forEach((status, count) -> byStatus.put(status, count.sum()));
    long ok = byStatus.entrySet().stream().filter(e -> e.getKey() >= 200 && e.getKey() < 300)
        .mapToLong(Map.Entry::getValue).sum();
    return new RunResult(name, measured, ok * eventsPerRequest, sorted.length, byStatus,
        Latencies.percentile(sorted, 50) / 1000, Latencies.percentile(sorted, 99) / 1000, cpu);
  }

  private void loop(int offset, Latencies latencies, Map<Integer, LongAdder> statuses) {
    try (HttpConnection connection = new HttpConnection(host, port)) {
      for (int i = offset; phase != STOP; i++) {
        byte[] request = requests.get(i % requests.size());
        long start = System.nanoTime();
        int status;
        try {
          status = connection.exchange(request);
        } catch (IOException e) {
          connection.close();
          status = -1;
        }
        long took = System.nanoTime() - start;
        if (phase == MEASURE) {
          latencies.record(took);
          statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
      }
    }
  }
}
