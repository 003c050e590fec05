package io.tidemark.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidemark.events.Topics;
import io.tidemark.gateway.GatewayConfig;
import io.tidemark.gateway.GatewayConfigException;
import io.tidemark.gateway.GatewayServer;
import io.tidemark.engine.runtime.Worker;
import io.tidemark.kafka.EmbeddedKafka;
import io.tidemark.pipeline.LiveJob;
import io.tidemark.pipeline.LivePipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tidemark up}: everything in one process on an embedded broker, until Ctrl-C. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = "Run everything in one process: embedded Kafka broker, gateway and the live worker"
        + " (raw archive, sessions, experiments, late data).")
final class UpCommand implements Callable<Integer> {

  @Option(names = "--data-dir", defaultValue = "tidemark-data", description = "All data: broker log, lake, checkpoints (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--http-port", defaultValue = "8080", description = "Gateway HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--kafka-port", defaultValue = "9092", description = "Embedded broker port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(names = "--partitions", defaultValue = "8", description = "Partitions of the events topic: the maximum parallelism (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--write-key", defaultValue = GatewayConfig.DEV_WRITE_KEY, description = "Write key the SDKs send (default: ${DEFAULT-VALUE}).")
  String writeKey;

  @Mixin MetricsOption metrics;

  @Override
  public Integer call() throws Exception {
    validate();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Shutdown shutdown = Shutdown.onSignal();
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), kafkaPort)) {
      kafka.createTopics(partitions, Topics.EVENTS, Topics.REJECTED);
      Path lake = dataDir.resolve("lake").toAbsolutePath();
      Path checkpoints = dataDir.resolve("checkpoints").toAbsolutePath();
      Worker worker = LiveJob.start(kafka.bootstrapServers(), lake.toString(), checkpoints.toString(),
          dataDir.resolve("work").toAbsolutePath(), metrics.settings());
      try (GatewayServer gateway = GatewayServer.start(gatewayConfig(kafka.bootstrapServers()), registry)) {
        String base = "http://localhost:" + gateway.port();
        System.out.println("tidemark is up");
        System.out.println("  ingest      " + base + "/v1/batch   write key: " + writeKey);
        System.out.println("  health      " + base + "/healthz  " + base + "/readyz  " + base + "/metrics");
        System.out.println("  kafka       " + kafka.bootstrapServers() + "   topics " + Topics.EVENTS + ", " + Topics.REJECTED
            + " (" + partitions + " partitions)");
        System.out.println("  data        " + dataDir.toAbsolutePath());
        System.out.println("  worker      job " + LiveJob.NAME + ": raw archive, sessions, experiments, late data");
        System.out.println("  experiments " + metrics.describe());
        System.out.println("  lake        " + lake + "   (tables " + String.join(", ", LivePipeline.TABLES) + ")");
        System.out.println("  checkpoints " + checkpoints);
        System.out.println("Ctrl-C stops it.");
        shutdown.await();
      } finally {
        worker.close(); // checkpoints its tasks, then stops
      }
    }
    return Exits.OK;
  }

  private GatewayConfig gatewayConfig(String bootstrapServers) {
    try {
      return GatewayConfig.defaults(bootstrapServers)
          .withPort(httpPort)
          .withWriteKeys(Map.of(writeKey, "default"));
    } catch (GatewayConfigException e) {
      throw new Exits.ConfigurationException(e.problems());
    }
  }

  private void validate() {
    List<String> problems = new ArrayList<>(metrics.problems());
    if (httpPort < 0 || httpPort > 65535) {
      problems.add("--http-port must be between 0 and 65535, got " + httpPort);
    }
    if (kafkaPort < 0 || kafkaPort > 65535) {
      problems.add("--kafka-port must be between 0 and 65535, got " + kafkaPort);
    }
    if (partitions < 1) {
      problems.add("--partitions must be at least 1, got " + partitions);
    }
    if (writeKey.isBlank() || writeKey.contains(":")) {
      problems.add("--write-key must not be blank or contain ':'");
    }
    if (!problems.isEmpty()) {
      throw new Exits.ConfigurationException(problems);
    }
  }
}
