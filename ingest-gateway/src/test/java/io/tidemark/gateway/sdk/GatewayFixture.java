package io.tidemark.gateway.sdk;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidemark.events.Topics;
import io.tidemark.gateway.GatewayConfig;
import io.tidemark.gateway.GatewayServer;
import io.tidemark.kafka.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A real broker and a real gateway in this JVM, as {@code tidemark up} runs them: the one place the
 * SDK tests touch the gateway's API.
 */
final class GatewayFixture implements AutoCloseable {
  static final String WRITE_KEY = "test-key";
  static final String SOURCE = "test-source";
  static final int PARTITIONS = 3;

  final EmbeddedKafka kafka;
  final GatewayServer gateway;
  final PrometheusMeterRegistry registry;

  private GatewayFixture(EmbeddedKafka kafka, GatewayServer gateway, PrometheusMeterRegistry registry) {
    this.kafka = kafka;
    this.gateway = gateway;
    this.registry = registry;
  }

  /** Starts a broker under {@code dir} and a gateway on a free port with the default produce timeout. */
  static GatewayFixture start(Path dir) {
    return start(dir, null);
  }

  /** As {@link #start(Path)}, with the given produce timeout (null keeps the default). */
  static GatewayFixture start(Path dir, Duration produceTimeout) {
    EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    try {
      kafka.createTopics(PARTITIONS, Topics.EVENTS, Topics.REJECTED);
      GatewayConfig config = GatewayConfig.defaults(kafka.bootstrapServers())
          .withHost("127.0.0.1")
          .withPort(0)
          .withWriteKeys(Map.of(WRITE_KEY, SOURCE));
      if (produceTimeout != null) {
        config = config.withProduceTimeout(produceTimeout);
      }
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      return new GatewayFixture(kafka, GatewayServer.start(config, registry), registry);
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  /** The gateway's base URL, e.g. {@code http://127.0.0.1:41234}. */
  String url() {
    return "http://127.0.0.1:" + gateway.port();
  }

  /** {@code Authorization} value with the write key as Basic-auth user, as every Segment SDK sends it. */
  static String basicAuth() {
    return "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));
  }

  TopicReader events() {
    return new TopicReader(kafka.bootstrapServers(), Topics.EVENTS);
  }

  @Override
  public void close() {
    try {
      gateway.close();
    } finally {
      kafka.close();
    }
  }
}
