package io.tidemark.benchmarks.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The load generator against a real HTTP server (the JDK's): requests arrive whole, answers are
 * read whole and counted by status, and only 2xx answers count as events.
 */
class HttpLoadTest {

  @Test
  void sendsWholeRequests_countsAnswersByStatus_andEventsOfTwoHundredsOnly() throws Exception {
    byte[] accepted = "{\"batch\":[\"accept me\"]}".repeat(2_000).getBytes(StandardCharsets.UTF_8); // 48 KB: several reads
    byte[] refused = "{\"batch\":[\"refuse me\"]}".getBytes(StandardCharsets.UTF_8);
    Map<String, AtomicLong> received = new ConcurrentHashMap<>();
    AtomicLong unexpected = new AtomicLong();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/batch", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String kind = java.util.Arrays.equals(body, accepted) ? "accepted"
          : java.util.Arrays.equals(body, refused) ? "refused" : "other";
      received.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
      if (kind.equals("accepted")) {
        answer(exchange, 200, "{\"success\":true}");
      } else {
        unexpected.addAndGet(kind.equals("other") ? 1 : 0);
        answer(exchange, 503, "{\"error\":{\"code\":\"kafka_unavailable\",\"message\":\"" + "x".repeat(5_000) + "\"}}");
      }
    });
    server.start();
    try {
      int port = server.getAddress().getPort();
      List<byte[]> requests = List.of(
          HttpConnection.post("127.0.0.1", port, "/v1/batch", "Basic a2V5Og==", "application/json", accepted),
          HttpConnection.post("127.0.0.1", port, "/v1/batch", "Basic a2V5Og==", "application/json", refused));
      RunResult result = new HttpLoad("127.0.0.1", port, requests, 50).run("test", 4, 0, 1, () -> 0L);

      assertThat(unexpected.get()).as("bodies the server did not recognise").isZero();
      assertThat(result.statuses()).containsOnlyKeys(200, 503);
      long ok = result.statuses().get(200);
      assertThat(ok).isPositive();
      assertThat(result.statuses().get(503)).isPositive();
      assertThat(result.events()).isEqualTo(ok * 50);
      assertThat(result.requests()).isEqualTo(ok + result.statuses().get(503));
      // every request answered in the window reached the server (warm-up and the last answers come on top)
      assertThat(received.get("accepted").get()).isGreaterThanOrEqualTo(ok);
    } finally {
      server.stop(0);
    }
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
