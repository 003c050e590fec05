package io.tidemark.benchmarks.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * The gateway benchmark's flags, validated together: every problem is listed, not just the first.
 *
 * @param seconds measured seconds of each run (ceiling and gateway)
 * @param warmup seconds of each run before measuring starts
 * @param concurrency HTTP connections, each with one request in flight (one selector thread drives them all)
 * @param batch events per request
 * @param devicesPerBatch devices whose events make up one request, in turn; 0: each event from a
 *     device drawn at random
 * @param partitions partitions of the events topic (and of the ceiling's topic)
 * @param seed seed of the synthetic events
 * @param gatewayLingerMs the gateway producer's {@code linger.ms}, or -1 for the gateway's default
 * @param ioThreads the gateway's Undertow IO threads, 0 for the gateway's default
 * @param workerThreads the gateway's worker threads, 0 for the gateway's default
 */
record BenchmarkOptions(int seconds, int warmup, int concurrency, int batch, int devicesPerBatch, int partitions,
    long seed, int gatewayLingerMs, int ioThreads, int workerThreads) {
  static final String USAGE = """
      usage: benchmarks/run gateway [--seconds N] [--warmup N] [--concurrency N] [--batch N] [--devices-per-batch N]
                             [--partitions N] [--seed N]
                             [--gateway-linger-ms N] [--io-threads N] [--worker-threads N]
        --seconds      measured seconds per run (default 20)
        --warmup       warm-up seconds per run, not measured (default 15: on 2 busy cores the JIT
                       was still compiling the gateway's path 5 s in)
        --concurrency  HTTP/1.1 keep-alive connections, one request in flight each (default 256:
                       enough to keep the gateway busy while each request waits for Kafka's ack)
        --batch        events per /v1/batch request (default 50)
        --devices-per-batch  devices whose events make up one request, in turn (default 0: each
                       event from a device drawn at random, as a server relaying many users'
                       events sends them; 1: what a client SDK sends, one device's queue)
        --partitions   partitions of the events topic (default 4)
        --seed         seed of the synthetic events (default 42)
        --gateway-linger-ms  the gateway producer's linger.ms (default: the gateway's own);
                       a 2xx waits for Kafka's ack, so linger adds to every request's latency
        --io-threads, --worker-threads  the gateway's ioThreads and workerThreads (default: the
                       gateway's own, as for gateway.yaml's 0)
      """;

  BenchmarkOptions {
    List<String> problems = new ArrayList<>();
    if (seconds < 1) {
      problems.add("--seconds must be at least 1, got " + seconds);
    }
    if (warmup < 0) {
      problems.add("--warmup must not be negative, got " + warmup);
    }
    if (concurrency < 1) {
      problems.add("--concurrency must be at least 1, got " + concurrency);
    }
    if (batch < 1 || batch > 500) {
      problems.add("--batch must be between 1 and 500, got " + batch);
    }
    if (devicesPerBatch < 0 || devicesPerBatch > batch) {
      problems.add("--devices-per-batch must be between 0 (each event from a random device) and --batch ("
          + batch + "), got " + devicesPerBatch);
    }
    if (partitions < 1) {
      problems.add("--partitions must be at least 1, got " + partitions);
    }
    if (gatewayLingerMs < -1 || gatewayLingerMs > 1000) {
      problems.add("--gateway-linger-ms must be between 0 and 1000, got " + gatewayLingerMs);
    }
    if (ioThreads < 0 || ioThreads > 256) {
      problems.add("--io-threads must be between 0 (the gateway's default) and 256, got " + ioThreads);
    }
    if (workerThreads < 0 || workerThreads > 1024) {
      problems.add("--worker-threads must be between 0 (the gateway's default) and 1024, got " + workerThreads);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
  }

  static BenchmarkOptions parse(String... args) {
    int seconds = 20;
    // 15 s: at 5 s the JIT was still compiling the gateway's path (Undertow, the scanner, the
    // producer's and the broker's paths) on a busy 2-core machine, 1-1.6 us per event of the window.
    int warmup = 15;
    // 256 connections: a gateway serves many SDK clients, each with one request in flight that
    // waits for Kafka's ack (linger 5 ms, then the broker's append): ~25 ms under load. By Little's
    // law the request rate is connections / latency, so at 64 connections (~8.8 ms each, ~7,300
    // requests/s) a quarter of the two cores sat idle and the run measured latency, not the
    // gateway's capacity; 128 still left them short; 256 keeps them busy (512 gained nothing).
    int concurrency = 256;
    int batch = 50;
    int devicesPerBatch = 0;
    int partitions = 4;
    long seed = 42;
    int gatewayLingerMs = -1;
    int ioThreads = 0;
    int workerThreads = 0;
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new IllegalArgumentException("");
      }
      if (value == null) {
        problems.add(flag + " needs a value");
        break;
      }
      i++;
      try {
        switch (flag) {
          case "--seconds" -> seconds = Integer.parseInt(value);
          case "--warmup" -> warmup = Integer.parseInt(value);
          case "--concurrency" -> concurrency = Integer.parseInt(value);
          case "--batch" -> batch = Integer.parseInt(value);
          case "--devices-per-batch" -> devicesPerBatch = Integer.parseInt(value);
          case "--partitions" -> partitions = Integer.parseInt(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--gateway-linger-ms" -> gatewayLingerMs = Integer.parseInt(value);
          case "--io-threads" -> ioThreads = Integer.parseInt(value);
          case "--worker-threads" -> workerThreads = Integer.parseInt(value);
          default -> problems.add("unknown flag " + flag);
        }
      } catch (NumberFormatException e) {
        problems.add(flag + " needs a number, got " + value);
      }
    }
    try {
      BenchmarkOptions options = new BenchmarkOptions(seconds, warmup, concurrency, batch, devicesPerBatch, partitions, seed,
          gatewayLingerMs, ioThreads, workerThreads);
      if (problems.isEmpty()) {
        return options;
      }
    } catch (IllegalArgumentException invalid) {
      problems.add(invalid.getMessage()); // list the value problems with the flag problems
    }
    throw new IllegalArgumentException(String.join("\n", problems));
  }
}
