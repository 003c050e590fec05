package io.tidemark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.events.EventJson;
import io.tidemark.events.Topics;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchRouteTest {
  static GatewayHarness harness;
  static GatewayHarness.Gateway gateway;

  @BeforeAll
  static void start() {
    harness = new GatewayHarness();
    gateway = harness.start(harness.config());
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void batchIsAcknowledgedOnlyOnceKafkaHasEveryEvent() throws Exception {
    String run = GatewayHarness.runId();
    String body = "{\"batch\":["
        + "{\"type\":\"track\",\"event\":\"Signed Up\",\"anonymousId\":\"a1\",\"messageId\":\"" + run + "-1\",\"properties\":{\"plan\":\"pro\"}},"
        + "{\"type\":\"identify\",\"userId\":\"u1\",\"messageId\":\"" + run + "-2\",\"traits\":{\"email\":\"x@example.com\"}}"
        + "],\"sentAt\":\"2026-01-01T00:00:00.000Z\"}";
    HttpResponse<String> r = gateway.postJson("/v1/batch", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answer = EventJson.mapper().readTree(r.body());
    assertThat(answer.get("accepted").intValue()).isEqualTo(2);
    assertThat(answer.get("rejected")).isEmpty();

    List<String> values = harness.read(Topics.EVENTS, run, 2);
    assertThat(values).hasSize(2);
    assertThat(values).anySatisfy(v -> assertThat(v).contains("\"event\":\"Signed Up\"", "\"source\":\"test-source\""));
  }
}
