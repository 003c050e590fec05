package io.tidemark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidemark.events.EventJson;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Health, readiness, metrics; Kafka unreachable; the in-flight byte budget. */
class OperationsTest {
  static GatewayHarness harness;
  static GatewayHarness.Gateway gateway;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.shared();
    gateway = harness.start(harness.config());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  static HttpResponse<String> awaitStatus(GatewayHarness.Gateway g, String path, int status) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    HttpResponse<String> r = g.get(path);
    while (r.statusCode() != status && System.nanoTime() < deadline) {
      Thread.sleep(100);
      r = g.get(path);
    }
    return r;
  }

  @Test
  void healthz_andReadyz_whenKafkaIsUp() throws Exception {
    HttpResponse<String> health = gateway.get("/healthz");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"ok\"");
    HttpResponse<String> ready = awaitStatus(gateway, "/readyz", 200);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"status\":\"ready\"");
  }

  @Test
  void metrics_countRequestsEventsRejectsLatencyBytesAndSkew() throws Exception {
    String run = GatewayHarness.runId();
    gateway.postJson("/v1/batch", "{\"batch\":["
        + "{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"" + run + "\",\"timestamp\":\"2026-01-01T00:00:00Z\"},"
        + "{\"type\":\"track\",\"event\":\"E\"}],\"sentAt\":\"2026-01-01T00:00:01Z\"}");
    gateway.postJson("/v1/batch", "{not json");
    HttpResponse<String> m = gateway.get("/metrics");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    String text = m.body();
    assertThat(text).contains("tidemark_gateway_requests_total{route=\"batch\",status=\"200\"}");
    assertThat(text).contains("tidemark_gateway_requests_total{route=\"batch\",status=\"400\"}");
    assertThat(text).contains("tidemark_gateway_events_accepted_total{source=\"test-source\"}");
    assertThat(text).containsPattern("tidemark_gateway_events_rejected_total\\{code=\"missing_id\"} [1-9]");
    assertThat(text).contains("tidemark_gateway_produce_latency_seconds_count");
    assertThat(text).contains("tidemark_gateway_bytes_in_flight_bytes");
    assertThat(text).containsPattern("tidemark_gateway_clock_skew_seconds_count\\{direction=\"behind\"} [1-9]");
  }

  @Test
  void kafkaUnreachable_notReady_and503WithRetryAfterWithinTheProduceTimeout() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    GatewayConfig config = harness.config().withBootstrapServers("127.0.0.1:" + deadPort)
        .withProduceTimeout(Duration.ofSeconds(2)).withRetryAfter(Duration.ofSeconds(3));
    try (GatewayHarness.Gateway dead = harness.start(config)) {
      HttpResponse<String> ready = dead.get("/readyz");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("not_ready");
      long start = System.nanoTime();
      HttpResponse<String> r = dead.postJson("/v1/track", "{\"anonymousId\":\"a\",\"event\":\"E\"}");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
      assertThat(EventJson.mapper().readTree(r.body()).at("/error/code").asText()).isEqualTo("kafka_unavailable");
      assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
      assertThat(millis).isLessThan(2_000 + 1_500);
      assertThat(dead.get("/healthz").statusCode()).as("alive, just not ready").isEqualTo(200);
    }
  }

  @Test
  void bytesInFlightOverTheBudget_get503WithRetryAfter_andTheBudgetComesBack() throws Exception {
    GatewayConfig.Limits small = GatewayConfig.Limits.defaults()
        .withMaxEventBytes(4096).withMaxRequestBytes(64 * 1024).withMaxDecompressedBytes(64 * 1024);
    GatewayConfig config = harness.config().withLimits(small).withMaxBytesInFlight(128 * 1024);
    try (GatewayHarness.Gateway g = harness.start(config)) {
      Socket slow1 = new Socket("127.0.0.1", g.server.port());
      Socket slow2 = new Socket("127.0.0.1", g.server.port());
      // two requests announce 64 KiB each and send nothing more: the budget is full
      for (Socket s : new Socket[] {slow1, slow2}) {
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 65536\r\n"
            + "Authorization: " + GatewayHarness.basic(GatewayHarness.KEY) + "\r\n\r\n{\"batch\":[").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      HttpResponse<String> refused = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        refused = g.postJson("/v1/track", "{\"anonymousId\":\"a\",\"event\":\"E\"}");
        if (refused.statusCode() == 503) {
          break;
        }
        Thread.sleep(50);
      }
      assertThat(refused.statusCode()).isEqualTo(503);
      JsonNode error = EventJson.mapper().readTree(refused.body());
      assertThat(error.at("/error/code").asText()).isEqualTo("overloaded");
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(g.get("/metrics").body()).containsPattern("tidemark_gateway_bytes_in_flight_bytes 131072");
      slow1.close();
      slow2.close();
      HttpResponse<String> ok = null;
      deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        ok = g.postJson("/v1/track", "{\"anonymousId\":\"a\",\"event\":\"E\"}");
        if (ok.statusCode() == 200) {
          break;
        }
        Thread.sleep(50);
      }
      assertThat(ok.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void closingTheGateway_flushesAndStopsListening() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GatewayServer server = GatewayServer.start(harness.config(), registry);
    int port = server.port();
    assertThat(port).isPositive();
    server.close();
    server.close(); // idempotent
    try (Socket s = new Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
      InputStream in = s.getInputStream();
      s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      assertThat(in.read()).isEqualTo(-1);
    } catch (java.io.IOException expected) {
      // connection refused: nothing listens any more
    }
  }

  @Test
  void portZero_bindsAFreePort() {
    try (GatewayHarness.Gateway a = harness.start(harness.config());
        GatewayHarness.Gateway b = harness.start(harness.config().withWriteKeys(Map.of("k", "s")))) {
      assertThat(a.server.port()).isNotEqualTo(b.server.port());
    }
  }
}
