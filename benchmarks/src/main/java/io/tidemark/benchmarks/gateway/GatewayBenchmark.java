package io.tidemark.benchmarks.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidemark.benchmarks.events.SegmentBatches;
import io.tidemark.benchmarks.events.SyntheticEvents;
import io.tidemark.events.Topics;
import io.tidemark.gateway.GatewayConfig;
import io.tidemark.gateway.GatewayServer;
import io.tidemark.kafka.EmbeddedKafka;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How close the ingest gateway gets to what the broker can take.
 *
 * <ol>
 *   <li>Starts a fresh embedded broker and an in-process gateway, and sends a sample of synthetic
 *       SDK traffic through the gateway to capture the exact envelope bytes (and keys) it writes.
 *   <li><b>Ceiling:</b> one raw producer thread with the gateway's own producer configuration
 *       (acks=all, idempotent, lz4, its linger and batch size) writes those same envelopes to a topic
 *       with the same partitions.
 *   <li><b>Gateway:</b> {@code --concurrency} keep-alive HTTP/1.1 connections post pre-serialized
 *       {@code /v1/batch} requests of {@code --batch} events back to back.
 * </ol>
 *
 * Both runs warm up for {@code --warmup} seconds and are measured for {@code --seconds}; events and
 * this JVM's CPU time are counted inside that window only. Everything
 * (broker, gateway, load generator) shares this JVM and this machine's cores, as in {@code tidemark
 * up}; the report says how busy the machine was.
 */
public final class GatewayBenchmark {
  private static final String WRITE_KEY = "bench-key";
  private static final String CEILING_TOPIC = "bench.ceiling";
  /** Distinct requests cycled by the load generator: 200 x batch events (10,000 at the default). */
  private static final int DISTINCT_REQUESTS = 200;
  private static final int SAMPLE_REQUESTS = 40;

  private GatewayBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println(e.getMessage());
      }
      System.err.print(BenchmarkOptions.USAGE);
      System.exit(e.getMessage().isEmpty() ? 0 : 2);
      return;
    }
    Path dir = Files.createTempDirectory("tidemark-bench-gateway");
    try {
      run(options, dir);
    } finally {
      deleteRecursively(dir);
    }
    System.exit(0);
  }

  private static void run(BenchmarkOptions o, Path dir) throws Exception {
    System.out.printf(Locale.ROOT, "gateway benchmark: %s, %d cores, load average %.2f%n", o,
        Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      kafka.createTopics(o.partitions(), Topics.EVENTS, Topics.REJECTED, CEILING_TOPIC);
      GatewayConfig config = GatewayConfig.defaults(kafka.bootstrapServers())
          .withHost("127.0.0.1")
          .withPort(0)
          .withWriteKeys(Map.of(WRITE_KEY, "bench"))
          .withThreads(o.ioThreads(), o.workerThreads());
      if (o.gatewayLingerMs() >= 0) {
        config = config.withKafkaProducer(Map.of("linger.ms", String.valueOf(o.gatewayLingerMs())));
      }
      try (GatewayServer gateway = GatewayServer.start(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
        List<byte[]> bodies = bodies(o);
        String auth = "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));
        List<byte[]> requests = bodies.stream()
            .map(b -> HttpConnection.post("127.0.0.1", gateway.port(), "/v1/batch", auth, "application/json", b))
            .toList();
        double wireBytesPerEvent = bodies.stream().mapToLong(b -> b.length).sum() / (double) (bodies.size() * o.batch());

        List<ProducerRecord<byte[], byte[]>> envelopes = sample(kafka.bootstrapServers(), requests, o, gateway.port());
        double envelopeBytes = envelopes.stream().mapToLong(r -> r.value().length).average().orElse(0);
        System.out.printf(Locale.ROOT, "events: %.0f bytes per event on the wire, %.0f bytes per envelope in Kafka, e.g.%n%s%n",
            wireBytesPerEvent, envelopeBytes, new String(envelopes.get(0).value(), StandardCharsets.UTF_8));

        Map<String, Object> gatewayProducer = GatewayServer.producerProperties(config);
        // The gateway's default producer configuration, whatever --gateway-linger-ms sets for the gateway.
        Map<String, Object> producerConfig =
            GatewayServer.producerProperties(GatewayConfig.defaults(kafka.bootstrapServers()));
        Measured ceiling = measured(cpu -> new CeilingRun(producerConfig, CEILING_TOPIC, envelopes)
            .run(o.warmup(), o.seconds(), cpu));
        long before = endOffsets(kafka.bootstrapServers(), Topics.EVENTS);
        Measured http = measured(cpu -> new HttpLoad("127.0.0.1", gateway.port(), requests, o.batch())
            .run("gateway (HTTP, " + o.concurrency() + " connections)", o.concurrency(), o.warmup(), o.seconds(), cpu));
        long landed = endOffsets(kafka.bootstrapServers(), Topics.EVENTS) - before;
        System.out.println("gateway producer: " + ProducerBatches.of((String) gatewayProducer.get(ProducerConfig.CLIENT_ID_CONFIG)));

        report(o, ceiling, http, landed, envelopeBytes);
      }
    }
  }

  /**
   * Pre-serialized request bodies, deterministic for the seed, each stamped with sentAt = now; the
   * events of a request come from {@code --devices-per-batch} devices in turn, or each from a
   * device drawn at random.
   */
  private static List<byte[]> bodies(BenchmarkOptions o) {
    SyntheticEvents events = new SyntheticEvents(o.seed(), 10_000, Instant.now().minus(Duration.ofMinutes(30)));
    List<byte[]> bodies = new ArrayList<>();
    for (int r = 0; r < DISTINCT_REQUESTS; r++) {
      int[] devices = new int[o.devicesPerBatch()];
      for (int d = 0; d < devices.length; d++) {
        devices[d] = events.device();
      }
      List<ObjectNode> batch = new ArrayList<>(o.batch());
      for (int i = 0; i < o.batch(); i++) {
        batch.add(devices.length == 0 ? events.next() : events.next(devices[i % devices.length]));
      }
      bodies.add(SegmentBatches.body(batch, Instant.now()));
    }
    return bodies;
  }

  /**
   * Sends the first requests through the gateway and reads back what it wrote: the ceiling replays
   * exactly these bytes. Fails if the gateway did not accept every sampled event.
   */
  private static List<ProducerRecord<byte[], byte[]>> sample(String bootstrap, List<byte[]> requests,
      BenchmarkOptions o, int port) throws IOException {
    int n = Math.min(SAMPLE_REQUESTS, requests.size());
    try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
      for (int i = 0; i < n; i++) {
        int status = connection.exchange(requests.get(i));
        if (status != 200) {
          throw new IllegalStateException("the gateway answered " + status + " to a sample request");
        }
      }
    }
    int expected = n * o.batch();
    List<ProducerRecord<byte[], byte[]>> envelopes = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS).stream()
          .map(p -> new TopicPartition(Topics.EVENTS, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (envelopes.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          envelopes.add(new ProducerRecord<>(CEILING_TOPIC, r.key(), r.value()));
        }
      }
    }
    if (envelopes.size() != expected) {
      throw new IllegalStateException("the gateway wrote " + envelopes.size() + " envelopes for " + expected
          + " sampled events: some were rejected, the benchmark's events are not what it expects");
    }
    return envelopes;
  }

  private static long endOffsets(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private interface Run {
    /** Runs, reading this JVM's CPU time from {@code cpuNanos} at the edges of the measured window. */
    RunResult run(LongSupplier cpuNanos) throws Exception;
  }

  /** A run, the load average at its start and the window's CPU by thread group. */
  private record Measured(RunResult result, double loadAverage, List<ThreadCpu.Group> threads) {
    /** CPU time per acknowledged event of this JVM (broker, gateway and load generator together). */
    double cpuMicrosPerEvent() {
      return result.cpuMicrosPerEvent();
    }
  }

  private static Measured measured(Run run) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double load = os.getSystemLoadAverage();
    ThreadCpu threads = new ThreadCpu();
    RunResult result = run.run(threads.recording(os::getProcessCpuTime));
    return new Measured(result, load, threads.window());
  }

  private static void report(BenchmarkOptions o, Measured ceilingRun, Measured httpRun, long landed, double envelopeBytes) {
    RunResult ceiling = ceilingRun.result();
    RunResult http = httpRun.result();
    System.out.println();
    System.out.printf(Locale.ROOT, "%-32s %12s %11s %8s %8s %11s %9s%n",
        "run", "events/s", "requests/s", "p50 ms", "p99 ms", "CPU us/evt", "load avg");
    System.out.printf(Locale.ROOT, "%-32s %,12.0f %11s %8s %8s %11.1f %9.1f%n", ceiling.name(),
        ceiling.eventsPerSecond(), "-", "-", "-", ceilingRun.cpuMicrosPerEvent(), ceilingRun.loadAverage());
    System.out.printf(Locale.ROOT, "%-32s %,12.0f %,11.0f %8.2f %8.2f %11.1f %9.1f%n", http.name(),
        http.eventsPerSecond(), http.requestsPerSecond(), http.p50Micros() / 1000.0, http.p99Micros() / 1000.0,
        httpRun.cpuMicrosPerEvent(), httpRun.loadAverage());
    double ratio = http.eventsPerSecond() / ceiling.eventsPerSecond();
    double cpuRatio = ceilingRun.cpuMicrosPerEvent() / httpRun.cpuMicrosPerEvent();
    System.out.printf(Locale.ROOT, "gateway / ceiling = %.1f%% of the events/s (target >= 40%%), %.1f%% by CPU per event%n",
        ratio * 100, cpuRatio * 100);
    System.out.printf(Locale.ROOT, "gateway answers by status: %s; ceiling send errors: %d%n", http.statuses(),
        ceiling.statuses().getOrDefault(-1, 0L));
    System.out.printf(Locale.ROOT, "envelopes the gateway wrote during its run (warm-up included): %,d%n", landed);
    threadTable(ceilingRun, httpRun);
    System.out.printf(Locale.ROOT,
        "RESULT {\"seconds\":%d,\"warmup\":%d,\"concurrency\":%d,\"batch\":%d,\"devicesPerBatch\":%d,\"partitions\":%d,\"envelopeBytes\":%.0f,"
            + "\"ceilingEventsPerSecond\":%.0f,\"gatewayEventsPerSecond\":%.0f,\"gatewayRequestsPerSecond\":%.0f,"
            + "\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"ratio\":%.3f,\"ceilingCpuMicrosPerEvent\":%.2f,"
            + "\"gatewayCpuMicrosPerEvent\":%.2f,\"loadAverage\":%.2f}%n",
        o.seconds(), o.warmup(), o.concurrency(), o.batch(), o.devicesPerBatch(), o.partitions(), envelopeBytes,
        ceiling.eventsPerSecond(), http.eventsPerSecond(), http.requestsPerSecond(),
        http.p50Micros() / 1000.0, http.p99Micros() / 1000.0, ratio, ceilingRun.cpuMicrosPerEvent(),
        httpRun.cpuMicrosPerEvent(), httpRun.loadAverage());
  }

  /** CPU per event and context switches per request by thread group, both runs side by side. */
  private static void threadTable(Measured ceilingRun, Measured httpRun) {
    if (httpRun.threads().isEmpty()) {
      return;
    }
    RunResult http = httpRun.result();
    System.out.printf(Locale.ROOT, "%nCPU by thread group in the measured windows (/proc/self/task):%n");
    System.out.printf(Locale.ROOT, "%-32s %16s %16s %14s %22s%n",
        "thread group", "ceiling us/evt", "gateway us/evt", "of it kernel", "gateway switches/req");
    for (int i = 0; i < httpRun.threads().size(); i++) {
      ThreadCpu.Group g = httpRun.threads().get(i);
      ThreadCpu.Group c = ceilingRun.threads().size() > i ? ceilingRun.threads().get(i) : null;
      double ceilingMicros = c == null ? Double.NaN : c.cpuSeconds() * 1e6 / ceilingRun.result().events();
      System.out.printf(Locale.ROOT, "%-32s %16.2f %16.2f %14.2f %11.2f + %8.2f%n", g.name(), ceilingMicros,
          g.cpuSeconds() * 1e6 / http.events(), g.kernelSeconds() * 1e6 / http.events(),
          g.voluntarySwitches() / (double) http.requests(),
          g.involuntarySwitches() / (double) http.requests());
    }
    System.out.println("(of it kernel: the gateway's CPU per event spent in the kernel; switches: voluntary +"
        + " involuntary, per answered request)");
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
