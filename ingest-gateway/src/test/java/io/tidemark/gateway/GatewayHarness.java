package io.tidemark.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidemark.events.Topics;
import io.tidemark.kafka.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A real broker shared by a test class, gateways on it, an HTTP client and topic readers.
 * Each test marks its events with a unique run id and reads back only those.
 */
final class GatewayHarness implements AutoCloseable {
  static final String KEY = "test-key";
  static final String SOURCE = "test-source";

  final EmbeddedKafka kafka;
  final Path dir;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  private static GatewayHarness shared;

  /**
   * One broker for every test class of this JVM (surefire reuses its fork): starting a broker per
   * class would cost seconds each. Closed when the JVM exits.
   */
  static synchronized GatewayHarness shared() {
    if (shared == null) {
      shared = new GatewayHarness();
      GatewayHarness h = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(h::close, "gateway-harness-shutdown"));
    }
    return shared;
  }

  GatewayHarness() {
    try {
      dir = Files.createTempDirectory("tidemark-gateway-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    kafka.createTopics(4, Topics.EVENTS, Topics.REJECTED);
  }

  GatewayConfig config() {
    return GatewayConfig.defaults(kafka.bootstrapServers()).withHost("127.0.0.1").withPort(0)
        .withWriteKeys(Map.of(KEY, SOURCE, "other-key", "other-source"));
  }

  Gateway start(GatewayConfig config) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GatewayServer server = GatewayServer.start(config, registry);
    closeables.add(server);
    return new Gateway(server, registry);
  }

  /** A started gateway and its metrics. */
  final class Gateway implements AutoCloseable {
    final GatewayServer server;
    final PrometheusMeterRegistry registry;

    Gateway(GatewayServer server, PrometheusMeterRegistry registry) {
      this.server = server;
      this.registry = registry;
    }

    String url(String path) {
      return "http://127.0.0.1:" + server.port() + path;
    }

    HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      for (int i = 0; i < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      return send(b.build());
    }

    HttpResponse<String> postJson(String path, String json, String... headers) {
      String[] all = new String[headers.length + 2];
      all[0] = "Authorization";
      all[1] = basic(KEY);
      System.arraycopy(headers, 0, all, 2, headers.length);
      return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), all);
    }

    HttpResponse<String> get(String path, String... headers) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).GET();
      for (int i = 0; i < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      return send(b.build());
    }

    HttpResponse<String> send(HttpRequest request) {
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      server.close();
    }
  }

  static String basic(String key) {
    return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
  }

  static String runId() {
    return "run-" + UUID.randomUUID();
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Reads {@code topic} from the beginning until {@code expected} values containing {@code marker} arrived. */
  List<String> read(String topic, String marker, int expected) {
    return read(topic, v -> v.contains(marker), expected, Duration.ofSeconds(30));
  }

  /** Like {@link #read(String, String, int)}, then keeps reading for {@code settle} to catch extras. */
  List<String> readSettled(String topic, String marker, int expected) {
    List<String> got = read(topic, marker, expected);
    List<String> more = read(topic, v -> v.contains(marker), Integer.MAX_VALUE, Duration.ofMillis(1500));
    return more.size() > got.size() ? more : got;
  }

  List<String> read(String topic, Predicate<String> match, int expected, Duration timeout) {
    List<String> seen = new ArrayList<>();
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (seen.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          String v = new String(r.value(), StandardCharsets.UTF_8);
          if (match.test(v)) {
            seen.add(v);
          }
        }
      }
    }
    return seen;
  }

  /** Records (key and value) of the events topic that contain the marker. */
  List<ConsumerRecord<String, String>> readRecords(String marker, int expected) {
    List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.EVENTS));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (seen.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          String v = new String(r.value(), StandardCharsets.UTF_8);
          if (v.contains(marker)) {
            seen.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(),
                r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), v));
          }
        }
      }
    }
    return seen;
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception ignored) {
        // best effort
      }
    }
    kafka.close();
  }
}
