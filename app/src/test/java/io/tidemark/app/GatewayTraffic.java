package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidemark.events.Envelope;
import io.tidemark.gateway.GatewayConfig;
import io.tidemark.gateway.GatewayServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/**
 * Sends events through a real gateway ({@code GatewayConfig.defaults}, in-process, a free port) as
 * Segment batches over HTTP, the way analytics-node does ({@code POST /v1/batch}, Basic auth with
 * the write key).
 */
final class GatewayTraffic {
  private static final int BATCH = 500;
  private static final int PARTITIONS = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What was sent besides the traffic.
   *
   * @param lastTrafficMillis the event time of the traffic's last event
   * @param lateMessageIds the exposures sent days behind the watermark
   */
  record Sent(long lastTrafficMillis, List<String> lateMessageIds) {}

  private GatewayTraffic() {}

  /**
   * Sends, in this order: {@code traffic} (in event-time order) with its third batch sent twice (an
   * SDK retry: same messageIds); one trailing event per partition three hours after the last event,
   * which moves every task's watermark past the last unit's emission (1 h tick + 1 h allowed
   * lateness) and the last session's gap; then three exposures four days behind, which are late.
   */
  static Sent send(String bootstrap, List<Envelope> traffic) throws Exception {
    long last = traffic.stream().mapToLong(e -> e.timestamp().toEpochMilli()).max().orElseThrow();
    Instant firstDay = traffic.stream().map(Envelope::timestamp).min(Instant::compareTo).orElseThrow()
        .truncatedTo(ChronoUnit.DAYS);
    List<ObjectNode> trailing = new ArrayList<>();
    for (String device : onePerPartition("tail-")) {
      trailing.add(track(device, "m-" + device, "Heartbeat", Instant.ofEpochMilli(last).plus(Duration.ofHours(3)),
          JSON.createObjectNode()));
    }
    List<ObjectNode> late = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ObjectNode props = JSON.createObjectNode().put("experiment_id", "exp-null").put("variation_id", "treatment");
      late.add(track("late-device-" + i, "m-late-" + i, "Experiment Viewed", firstDay.plus(Duration.ofDays(4)), props));
    }

    GatewayConfig config = GatewayConfig.defaults(bootstrap).withPort(0);
    try (GatewayServer gateway = GatewayServer.start(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      HttpClient http = HttpClient.newHttpClient();
      URI uri = URI.create("http://localhost:" + gateway.port() + "/v1/batch");
      List<ObjectNode> events = traffic.stream().map(GatewayTraffic::track).toList();
      for (int from = 0, batch = 0; from < events.size(); from += BATCH, batch++) {
        List<ObjectNode> part = events.subList(from, Math.min(events.size(), from + BATCH));
        post(http, uri, part);
        if (batch == 2) {
          post(http, uri, part);
        }
      }
      post(http, uri, trailing);
      post(http, uri, late);
    }
    return new Sent(last, late.stream().map(e -> e.get("messageId").asText()).toList());
  }

  /** Device ids {@code prefix<n>}, one whose events land in each partition (Kafka's keyed partitioner). */
  private static List<String> onePerPartition(String prefix) {
    String[] found = new String[PARTITIONS];
    for (int n = 0, missing = PARTITIONS; missing > 0; n++) {
      String id = prefix + n;
      int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
      if (found[p] == null) {
        found[p] = id;
        missing--;
      }
    }
    return List.of(found);
  }

  private static void post(HttpClient http, URI uri, List<ObjectNode> events) throws Exception {
    ArrayNode batch = JSON.createArrayNode().addAll(events);
    String body = JSON.writeValueAsString(JSON.createObjectNode().set("batch", batch));
    String auth = Base64.getEncoder()
        .encodeToString((GatewayConfig.DEV_WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .header("Authorization", "Basic " + auth).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).path("accepted").asInt()).as(r.body()).isEqualTo(events.size());
  }

  /** The Segment track call an SDK sends for the event: no sentAt, so the gateway keeps its timestamp. */
  private static ObjectNode track(Envelope e) {
    return track(e.anonymousId(), e.messageId(), e.event(), e.timestamp(), e.properties().deepCopy());
  }

  private static ObjectNode track(String device, String messageId, String event, Instant time, ObjectNode props) {
    ObjectNode n = JSON.createObjectNode().put("type", "track").put("event", event).put("anonymousId", device)
        .put("messageId", messageId).put("timestamp", time.toString());
    n.set("properties", props);
    return n;
  }
}
