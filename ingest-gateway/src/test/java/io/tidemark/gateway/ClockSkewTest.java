package io.tidemark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.events.EventJson;
import io.tidemark.events.Topics;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Event time: clock-skew correction, the raw fields kept, future times clamped; time injected. */
class ClockSkewTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static GatewayHarness harness;
  static GatewayHarness.Gateway gateway;
  static final ManualClock clock = new ManualClock(NOW);

  @BeforeAll
  static void start() {
    harness = GatewayHarness.shared();
    gateway = harness.start(harness.config().withClock(clock));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @BeforeEach
  void resetClock() {
    clock.set(NOW);
  }

  private static JsonNode send(String path, String body, String run) throws Exception {
    HttpResponse<String> r = gateway.postJson(path, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(EventJson.mapper().readTree(r.body()).get("accepted").intValue()).as(r.body()).isEqualTo(1);
    return EventJson.mapper().readTree(harness.read(Topics.EVENTS, run, 1).get(0));
  }

  @Test
  void deviceClockTwoHoursBehind_isCorrectedWithSentAt() throws Exception {
    String run = GatewayHarness.runId();
    JsonNode e = send("/v1/track", "{\"anonymousId\":\"" + run + "\",\"event\":\"E\","
        + "\"timestamp\":\"2026-03-01T10:00:00.000Z\",\"sentAt\":\"2026-03-01T10:00:05.000Z\"}", run);
    assertThat(e.get("timestamp").asText()).isEqualTo("2026-03-01T11:59:55.000Z");
    assertThat(e.get("originalTimestamp").asText()).isEqualTo("2026-03-01T10:00:00.000Z");
    assertThat(e.get("sentAt").asText()).isEqualTo("2026-03-01T10:00:05.000Z");
    assertThat(e.get("receivedAt").asText()).isEqualTo("2026-03-01T12:00:00.000Z");
    assertThat(e.has("timestampClamped")).isFalse();
  }

  @Test
  void batchSentAt_appliesToEveryEvent_andAnEventsOwnSentAtWins() throws Exception {
    String run = GatewayHarness.runId();
    String body = "{\"batch\":["
        + "{\"type\":\"track\",\"event\":\"A\",\"anonymousId\":\"" + run + "\",\"timestamp\":\"2026-03-01T13:00:00Z\"},"
        + "{\"type\":\"track\",\"event\":\"B\",\"anonymousId\":\"" + run + "\",\"timestamp\":\"2026-03-01T13:00:00Z\","
        + "\"sentAt\":\"2026-03-01T13:00:30Z\"}],"
        + "\"sentAt\":\"2026-03-01T13:01:00Z\"}"; // device one hour ahead
    assertThat(gateway.postJson("/v1/batch", body).statusCode()).isEqualTo(200);
    var values = harness.read(Topics.EVENTS, run, 2);
    JsonNode a = EventJson.mapper().readTree(values.stream().filter(v -> v.contains("\"A\"")).findFirst().orElseThrow());
    JsonNode b = EventJson.mapper().readTree(values.stream().filter(v -> v.contains("\"B\"")).findFirst().orElseThrow());
    assertThat(a.get("timestamp").asText()).isEqualTo("2026-03-01T11:59:00.000Z");
    assertThat(b.get("timestamp").asText()).isEqualTo("2026-03-01T11:59:30.000Z");
  }

  @Test
  void originalTimestampWithoutTimestamp_likeRudderStack_isTheClientTime() throws Exception {
    String run = GatewayHarness.runId();
    JsonNode e = send("/v1/track", "{\"anonymousId\":\"" + run + "\",\"event\":\"E\","
        + "\"originalTimestamp\":\"2026-03-01T11:00:00+02:00\",\"sentAt\":\"2026-03-01T09:00:10Z\"}", run);
    assertThat(e.get("timestamp").asText()).isEqualTo("2026-03-01T11:59:50.000Z");
    assertThat(e.get("originalTimestamp").asText()).isEqualTo("2026-03-01T09:00:00.000Z");
  }

  @Test
  void withoutSentAt_theGivenTimestampIsKept_historicalImport() throws Exception {
    String run = GatewayHarness.runId();
    JsonNode e = send("/v1/import", "{\"batch\":[{\"type\":\"track\",\"anonymousId\":\"" + run
        + "\",\"event\":\"E\",\"timestamp\":\"2025-06-15T08:30:00.123Z\"}]}", run);
    assertThat(e.get("timestamp").asText()).isEqualTo("2025-06-15T08:30:00.123Z");
    assertThat(e.has("sentAt")).isFalse();
  }

  @Test
  void withoutClientTime_theEventTimeIsReceivedAt() throws Exception {
    String run = GatewayHarness.runId();
    JsonNode e = send("/v1/track", "{\"anonymousId\":\"" + run + "\",\"event\":\"E\"}", run);
    assertThat(e.get("timestamp").asText()).isEqualTo("2026-03-01T12:00:00.000Z");
    assertThat(e.has("originalTimestamp")).isFalse();
  }

  @Test
  void futureTimestamp_isClampedToReceivedAt_andFlagged() throws Exception {
    String run = GatewayHarness.runId();
    JsonNode e = send("/v1/track", "{\"anonymousId\":\"" + run + "\",\"event\":\"E\","
        + "\"timestamp\":\"2026-03-02T00:00:00Z\"}", run);
    assertThat(e.get("timestamp").asText()).isEqualTo("2026-03-01T12:00:00.000Z");
    assertThat(e.get("timestampClamped").asBoolean()).isTrue();
    assertThat(e.get("originalTimestamp").asText()).as("the raw time is kept").isEqualTo("2026-03-02T00:00:00.000Z");
  }

  @Test
  void eventTimeAfterItsSentAt_isClampedToo() throws Exception {
    String run = GatewayHarness.runId();
    JsonNode e = send("/v1/track", "{\"anonymousId\":\"" + run + "\",\"event\":\"E\","
        + "\"timestamp\":\"2026-03-01T09:00:00Z\",\"sentAt\":\"2026-03-01T08:00:00Z\"}", run);
    assertThat(e.get("timestamp").asText()).isEqualTo("2026-03-01T12:00:00.000Z");
    assertThat(e.get("timestampClamped").asBoolean()).isTrue();
  }

  @Test
  void receivedAt_followsTheInjectedClock() throws Exception {
    clock.set(Instant.parse("2030-01-01T00:00:00.250Z"));
    String run = GatewayHarness.runId();
    JsonNode e = send("/v1/track", "{\"anonymousId\":\"" + run + "\",\"event\":\"E\"}", run);
    assertThat(e.get("receivedAt").asText()).isEqualTo("2030-01-01T00:00:00.250Z");
  }
}
