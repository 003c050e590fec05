package io.tidemark.gateway.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.gateway.sdk.TopicReader.Envelope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server-side JavaScript SDKs, installed from npm and run with Node.js, pointed at the
 * gateway by their host setting only. Each script exits 0 only when the SDK itself reports every
 * event delivered, i.e. it got a 2xx for each batch.
 */
class AnalyticsNodeSdkTest {
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

  @TempDir static Path dir;
  private static GatewayFixture fixture;

  @BeforeAll
  static void start() {
    NodePackages.installed(); // first, so a failing npm fails before a broker starts
    fixture = GatewayFixture.start(dir);
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** analytics-node 3.x: JSON batches to {@code /v1/batch} with Basic auth, flushed by {@code closeAndFlush()}. */
  @Test
  void segmentAnalyticsNodeDeliversEveryEventWithItsMessageIdAndProperties() {
    int count = 50;
    String run = "node-" + UUID.randomUUID().toString().substring(0, 8);
    NodePackages.Result result = NodePackages.node(NodePackages.script("analytics-node-send.js"),
        List.of(fixture.url(), GatewayFixture.WRITE_KEY, String.valueOf(count), run), RUN_TIMEOUT);
    assertThat(result.exitCode()).as("analytics-node output:\n" + result.output()).isZero();

    Map<String, Envelope> found = await(run, count);
    for (int i = 0; i < count; i++) {
      JsonNode e = found.get(run + "-" + i).json();
      String what = "envelope " + e;
      assertThat(e.path("type").asText()).as(what).isEqualTo(List.of("track", "page", "identify").get(i % 3));
      assertThat(e.path("anonymousId").asText()).as(what).isEqualTo("node-anon-" + (i % 5));
      assertThat(e.path("source").asText()).as(what).isEqualTo(GatewayFixture.SOURCE);
      assertThat(e.at("/context/library/name").asText()).as("the SDK's own context, " + what)
          .isEqualTo("@segment/analytics-node");
      assertThat(e.at("/context/app/name").asText()).as(what).isEqualTo("node-sdk-test");
      if (i % 3 == 0) {
        assertThat(e.path("event").asText()).as(what).isEqualTo("Order Completed");
        assertThat(e.at("/properties/revenue").asDouble()).as(what).isEqualTo(9.99);
      }
      if (i % 3 != 2) {
        assertThat(e.at("/properties/index").asInt(-1)).as(what).isEqualTo(i);
        assertThat(e.at("/properties/runId").asText()).as(what).isEqualTo(run);
      }
    }
  }

  /**
   * rudder-sdk-node gzips its JSON and labels it {@code application/x-www-form-urlencoded}; its events
   * carry {@code originalTimestamp} and no {@code timestamp}, and its body has no writeKey (Basic
   * auth only). A gateway that refused that label would lose every RudderStack server event.
   */
  @Test
  void rudderstackNodeSdkDeliversGzippedEventsLabelledAsForms() {
    int count = 30;
    String run = "rudder-" + UUID.randomUUID().toString().substring(0, 8);
    NodePackages.Result result = NodePackages.node(NodePackages.script("rudder-node-send.js"),
        List.of(fixture.url(), GatewayFixture.WRITE_KEY, String.valueOf(count), run), RUN_TIMEOUT);
    assertThat(result.exitCode()).as("rudder-sdk-node output:\n" + result.output()).isZero();

    Map<String, Envelope> found = await(run, count);
    for (int i = 0; i < count; i++) {
      Envelope record = found.get(run + "-" + i);
      JsonNode e = record.json();
      assertThat(e.path("event").asText()).as("envelope " + e).isEqualTo("Song Played");
      assertThat(e.at("/properties/index").asInt(-1)).as("envelope " + e).isEqualTo(i);
      assertThat(record.key()).as("envelope " + e).isEqualTo("rudder-anon-" + (i % 4));
      assertThat(e.path("timestamp").isTextual()).as("event time derived from originalTimestamp, " + e).isTrue();
    }
  }

  private static Map<String, Envelope> await(String run, int count) {
    List<String> ids = IntStream.range(0, count).mapToObj(i -> run + "-" + i).toList();
    try (TopicReader reader = fixture.events()) {
      Map<String, Envelope> found = reader.awaitMessageIds(ids, Duration.ofSeconds(20));
      assertThat(found.keySet()).as("messageIds in " + reader.all().size() + " envelopes read")
          .containsExactlyInAnyOrderElementsOf(ids);
      return found;
    }
  }
}
