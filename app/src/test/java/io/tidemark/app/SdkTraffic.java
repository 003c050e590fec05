package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Generated client-log lines replayed as the SDKs sent them: each run of consecutive lines with the
 * same device, {@code sentAt} and {@code receivedAt} is one SDK batch, posted as one Segment
 * {@code /v1/batch} request while the gateway's clock reads that {@code receivedAt}. So the
 * gateway computes the same event times as a reader of the file does, and the file stays the
 * reference for what was sent.
 */
final class SdkTraffic {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One SDK request: its events' JSON lines, the time it reached the gateway. */
  record Batch(List<String> lines, Instant receivedAt) {
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicReference<Instant> clock;
  private final URI batchUri;
  private final String authorization;
  private long events;

  /** {@code clock} is the gateway's clock; this sender sets it before each request. */
  SdkTraffic(int gatewayPort, String writeKey, AtomicReference<Instant> clock) {
    this.clock = clock;
    this.batchUri = URI.create("http://127.0.0.1:" + gatewayPort + "/v1/batch");
    this.authorization = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
  }

  static List<Batch> batches(List<String> lines) throws Exception {
    List<Batch> out = new ArrayList<>();
    List<String> current = new ArrayList<>();
    String currentKey = null;
    Instant currentReceivedAt = null;
    for (String line : lines) {
      JsonNode e = JSON.readTree(line);
      String key = e.path("anonymousId").asText() + "|" + e.path("sentAt").asText() + "|" + e.path("receivedAt").asText();
      if (!key.equals(currentKey) && !current.isEmpty()) {
        out.add(new Batch(List.copyOf(current), currentReceivedAt));
        current.clear();
      }
      currentKey = key;
      currentReceivedAt = Instant.parse(e.path("receivedAt").asText());
      current.add(line);
    }
    if (!current.isEmpty()) {
      out.add(new Batch(List.copyOf(current), currentReceivedAt));
    }
    return out;
  }

  /** Posts each batch in order; every event must be accepted (200, nothing rejected). */
  void send(List<Batch> batches) throws Exception {
    for (Batch b : batches) {
      clock.set(b.receivedAt());
      String body = "{\"batch\":[" + String.join(",", b.lines()) + "]}";
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(batchUri)
          .header("Content-Type", "application/json")
          .header("Authorization", authorization)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).path("accepted").asInt()).as(r.body()).isEqualTo(b.lines().size());
      events += b.lines().size();
    }
  }

  /** Events accepted so far. */
  long events() {
    return events;
  }
}
