package io.tidemark.gateway;

import static io.tidemark.gateway.GatewayHarness.KEY;
import static io.tidemark.gateway.GatewayHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.events.EventJson;
import io.tidemark.events.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, whole-request and per-event: each gets its documented status and stable code, good
 * events of the same batch still land, bad ones land in the rejected topic, and the gateway stays
 * healthy.
 */
class BadInputTest {
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

  @AfterEach
  void gatewayIsStillHealthy() {
    assertThat(gateway.get("/healthz").statusCode()).isEqualTo(200);
    String run = GatewayHarness.runId();
    HttpResponse<String> r = gateway.postJson("/v1/track", "{\"anonymousId\":\"" + run + "\",\"event\":\"ok\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  static JsonNode json(String text) throws Exception {
    return EventJson.mapper().readTree(text);
  }

  static String code(HttpResponse<String> r) throws Exception {
    return json(r.body()).at("/error/code").asText();
  }

  @Test
  void oneBadEventAmongGoodOnes_rejectsOnlyIt() throws Exception {
    String run = GatewayHarness.runId();
    String body = "{\"batch\":["
        + "{\"type\":\"track\",\"event\":\"Good 1\",\"anonymousId\":\"" + run + "\"},"
        + "{\"type\":\"track\",\"event\":\"Bad\",\"messageId\":\"" + run + "-bad\",\"properties\":{\"marker\":\"" + run + "\"}},"
        + "{\"type\":\"track\",\"event\":\"Good 2\",\"anonymousId\":\"" + run + "\"}]}";
    HttpResponse<String> r = gateway.postJson("/v1/batch", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answer = json(r.body());
    assertThat(answer.get("accepted").intValue()).isEqualTo(2);
    assertThat(answer.get("rejected")).hasSize(1);
    JsonNode reject = answer.get("rejected").get(0);
    assertThat(reject.get("index").intValue()).isEqualTo(1);
    assertThat(reject.get("messageId").asText()).isEqualTo(run + "-bad");
    assertThat(reject.get("code").asText()).isEqualTo("missing_id");
    assertThat(reject.get("message").asText()).contains("userId or anonymousId");

    List<String> good = harness.readSettled(Topics.EVENTS, run, 2);
    assertThat(good).hasSize(2).noneMatch(v -> v.contains("\"Bad\""));
    JsonNode rejected = json(harness.read(Topics.REJECTED, run, 1).get(0));
    assertThat(rejected.get("code").asText()).isEqualTo("missing_id");
    assertThat(rejected.get("source").asText()).isEqualTo(GatewayHarness.SOURCE);
    assertThat(rejected.get("index").intValue()).isEqualTo(1);
    assertThat(rejected.has("receivedAt")).isTrue();
    assertThat(rejected.at("/original/event").asText()).as("the original event JSON").isEqualTo("Bad");
    assertThat(rejected.at("/original/properties/marker").asText()).isEqualTo(run);
  }

  static Stream<Arguments> badEvents() {
    String tooLong = "m".repeat(100);
    return Stream.of(
        Arguments.of("missing ids", "{\"type\":\"track\",\"event\":\"E\"}", "missing_id"),
        Arguments.of("empty ids", "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"\",\"anonymousId\":null}", "missing_id"),
        Arguments.of("missing event name", "{\"type\":\"track\",\"anonymousId\":\"a\"}", "missing_event_name"),
        Arguments.of("blank event name", "{\"type\":\"track\",\"anonymousId\":\"a\",\"event\":\"  \"}", "missing_event_name"),
        Arguments.of("missing type", "{\"event\":\"E\",\"anonymousId\":\"a\"}", "missing_type"),
        Arguments.of("unknown type", "{\"type\":\"purchase\",\"event\":\"E\",\"anonymousId\":\"a\"}", "invalid_type"),
        Arguments.of("type not a string", "{\"type\":7,\"event\":\"E\",\"anonymousId\":\"a\"}", "invalid_type"),
        Arguments.of("userId an object", "{\"type\":\"track\",\"event\":\"E\",\"userId\":{\"id\":1}}", "invalid_field"),
        Arguments.of("anonymousId a boolean", "{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":true}", "invalid_field"),
        Arguments.of("event a number", "{\"type\":\"track\",\"event\":5,\"anonymousId\":\"a\"}", "invalid_field"),
        Arguments.of("properties an array", "{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"a\",\"properties\":[1]}", "invalid_field"),
        Arguments.of("context a string", "{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"a\",\"context\":\"x\"}", "invalid_field"),
        Arguments.of("messageId a number", "{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"a\",\"messageId\":12}", "invalid_field"),
        Arguments.of("timestamp a number", "{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"a\",\"timestamp\":1700000000}", "invalid_timestamp"),
        Arguments.of("timestamp not a date", "{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"a\",\"timestamp\":\"yesterday\"}", "invalid_timestamp"),
        Arguments.of("timestamp without zone", "{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"a\",\"timestamp\":\"2026-01-01T00:00:00\"}", "invalid_timestamp"),
        Arguments.of("February 30", "{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"a\",\"timestamp\":\"2026-02-30T00:00:00Z\"}", "invalid_timestamp"),
        Arguments.of("sentAt not a date", "{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"a\",\"sentAt\":\"soon\"}", "invalid_timestamp"),
        Arguments.of("messageId too long", "{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"a\",\"messageId\":\"" + tooLong + "\"}", "message_id_too_long"),
        Arguments.of("group without groupId", "{\"type\":\"group\",\"anonymousId\":\"a\"}", "missing_group_id"),
        Arguments.of("alias without previousId", "{\"type\":\"alias\",\"userId\":\"u\"}", "missing_previous_id"),
        Arguments.of("not an object", "\"just a string\"", "not_an_object"));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("badEvents")
  void badEvent_isRejectedWithItsCode(String name, String event, String expectedCode) throws Exception {
    String run = GatewayHarness.runId();
    String good = "{\"type\":\"track\",\"event\":\"Good\",\"anonymousId\":\"" + run + "\"}";
    HttpResponse<String> r = gateway.postJson("/v1/batch",
        "{\"batch\":[" + good + "," + event + "],\"context\":{\"marker\":\"" + run + "\"}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answer = json(r.body());
    assertThat(answer.get("accepted").intValue()).isEqualTo(1);
    assertThat(answer.at("/rejected/0/index").intValue()).isEqualTo(1);
    assertThat(answer.at("/rejected/0/code").asText()).isEqualTo(expectedCode);
    assertThat(harness.read(Topics.EVENTS, run, 1)).hasSize(1);
  }

  @Test
  void messageIdOf99Characters_isAccepted() throws Exception {
    String id = "m".repeat(98) + "x";
    String run = GatewayHarness.runId();
    HttpResponse<String> r = gateway.postJson("/v1/track",
        "{\"anonymousId\":\"" + run + "\",\"event\":\"E\",\"messageId\":\"" + id + "\"}");
    assertThat(json(r.body()).get("accepted").intValue()).isEqualTo(1);
  }

  @Test
  void oversizedEvent_isRejectedAlone_andLandsInTheRejectedTopic() throws Exception {
    String run = GatewayHarness.runId();
    String big = "x".repeat(40 * 1024);
    String body = "{\"batch\":["
        + "{\"type\":\"track\",\"event\":\"Big\",\"anonymousId\":\"" + run + "\",\"messageId\":\"" + run + "-big\",\"properties\":{\"blob\":\"" + big + "\"}},"
        + "{\"type\":\"track\",\"event\":\"Small\",\"anonymousId\":\"" + run + "\"}]}";
    HttpResponse<String> r = gateway.postJson("/v1/batch", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r.body()).at("/rejected/0/code").asText()).isEqualTo("event_too_large");
    assertThat(harness.readSettled(Topics.EVENTS, run, 1)).hasSize(1);
    JsonNode rejected = json(harness.read(Topics.REJECTED, run + "-big", 1).get(0));
    assertThat(rejected.get("code").asText()).isEqualTo("event_too_large");
    assertThat(rejected.at("/original/properties/blob").asText()).hasSize(40 * 1024);
  }

  @Test
  void oversizedSingleEvent_isRejectedInA200() throws Exception {
    String run = GatewayHarness.runId();
    HttpResponse<String> r = gateway.postJson("/v1/track", "{\"anonymousId\":\"" + run
        + "\",\"event\":\"E\",\"properties\":{\"blob\":\"" + "y".repeat(33 * 1024) + "\"}}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r.body()).at("/rejected/0/code").asText()).isEqualTo("event_too_large");
  }

  @Test
  void malformedJson_is400_namingThePosition() throws Exception {
    HttpResponse<String> r = gateway.postJson("/v1/batch", "{\"batch\":[{\"type\":\"track\",}]}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("malformed_json");
    assertThat(json(r.body()).at("/error/message").asText()).contains("line 1, column");
  }

  @Test
  void truncatedJson_is400() throws Exception {
    HttpResponse<String> r = gateway.postJson("/v1/track", "{\"anonymousId\":\"a\",\"event\":");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("malformed_json");
  }

  @Test
  void trailingGarbage_is400() throws Exception {
    HttpResponse<String> r = gateway.postJson("/v1/track", "{\"anonymousId\":\"a\",\"event\":\"E\"} {}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("malformed_json");
  }

  @Test
  void emptyBody_is400() throws Exception {
    HttpResponse<String> r = gateway.postJson("/v1/batch", "");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("malformed_json");
  }

  @Test
  void batchBodyWithoutBatch_is400() throws Exception {
    HttpResponse<String> noBatch = gateway.postJson("/v1/batch", "{\"events\":[]}");
    HttpResponse<String> notArray = gateway.postJson("/v1/batch", "{\"batch\":{}}");
    HttpResponse<String> array = gateway.postJson("/v1/batch", "[]");
    for (HttpResponse<String> r : List.of(noBatch, notArray, array)) {
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(code(r)).isEqualTo("invalid_body");
    }
  }

  @Test
  void invalidUtf8_is400() throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("{\"anonymousId\":\"a\",\"event\":\"caf".getBytes(StandardCharsets.UTF_8));
    body.write(0xC3);
    body.write(0x28); // not a continuation byte
    body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = gateway.post("/v1/track", "application/json", body.toByteArray(), "Authorization", basic(KEY));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("invalid_utf8");

    ByteArrayOutputStream lone = new ByteArrayOutputStream();
    lone.writeBytes("{\"anonymousId\":\"a\",\"event\":\"".getBytes(StandardCharsets.UTF_8));
    lone.write(0xFF);
    lone.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r2 = gateway.post("/v1/track", "application/json", lone.toByteArray(), "Authorization", basic(KEY));
    assertThat(r2.statusCode()).isEqualTo(400);
    assertThat(code(r2)).isEqualTo("invalid_utf8");

    // inside object fields the gateway copies without decoding: still checked
    for (String field : List.of("properties", "context", "traits", "integrations")) {
      ByteArrayOutputStream nested = new ByteArrayOutputStream();
      nested.writeBytes(("{\"batch\":[{\"type\":\"track\",\"anonymousId\":\"a\",\"event\":\"E\",\"" + field
          + "\":{\"k\":[\"ok\",\"bad ").getBytes(StandardCharsets.UTF_8));
      nested.write(0xE2);
      nested.write(0x28);
      nested.write(0xA1);
      nested.writeBytes("\"]}}]}".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> r3 = gateway.post("/v1/batch", "application/json", nested.toByteArray(), "Authorization", basic(KEY));
      assertThat(r3.statusCode()).as(field).isEqualTo(400);
      assertThat(code(r3)).as(field).isEqualTo("invalid_utf8");
    }
  }

  @Test
  void hundredDeepNesting_is400TooDeep() throws Exception {
    String deep = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
    HttpResponse<String> r = gateway.postJson("/v1/batch",
        "{\"batch\":[{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"a\",\"properties\":" + deep + "}]}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("too_deep");
  }

  @Test
  void oversizedBody_is413() throws Exception {
    StringBuilder sb = new StringBuilder("{\"batch\":[");
    String event = "{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"a\",\"properties\":{\"p\":\"" + "z".repeat(10_000) + "\"}}";
    for (int i = 0; i < 60; i++) {
      sb.append(i == 0 ? "" : ",").append(event);
    }
    String body = sb.append("]}").toString();
    HttpResponse<String> r = gateway.postJson("/v1/batch", body);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(code(r)).isEqualTo("body_too_large");
  }

  @Test
  void oversizedChunkedBody_is413() throws Exception {
    byte[] body = ("{\"batch\":[" + "{\"type\":\"track\"},".repeat(40_000) + "{}]}").getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url("/v1/batch"))).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("Authorization", basic(KEY))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
    HttpResponse<String> r = gateway.send(request);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(code(r)).isEqualTo("body_too_large");
  }

  @Test
  void gzipBomb_is413() throws Exception {
    byte[] zeros = new byte[20 * 1024 * 1024];
    byte[] bomb = GatewayHarness.gzip(zeros);
    assertThat(bomb.length).isLessThan(100 * 1024);
    HttpResponse<String> r = gateway.post("/v1/batch", "application/json", bomb,
        "Content-Encoding", "gzip", "Authorization", basic(KEY));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(code(r)).isEqualTo("decompressed_too_large");
  }

  @Test
  void notGzipAtAll_is400() throws Exception {
    HttpResponse<String> r = gateway.post("/v1/batch", "application/json", "{\"batch\":[]}".getBytes(StandardCharsets.UTF_8),
        "Content-Encoding", "gzip", "Authorization", basic(KEY));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("invalid_compression");
  }

  @Test
  void wrongContentType_is415() throws Exception {
    for (String type : List.of("application/xml", "multipart/form-data; boundary=x", "image/png")) {
      HttpResponse<String> r = gateway.post("/v1/batch", type, "{\"batch\":[]}".getBytes(StandardCharsets.UTF_8),
          "Authorization", basic(KEY));
      assertThat(r.statusCode()).as(type).isEqualTo(415);
      assertThat(code(r)).isEqualTo("unsupported_media_type");
    }
    HttpResponse<String> latin1 = gateway.post("/v1/batch", "application/json; charset=ISO-8859-1",
        "{\"batch\":[]}".getBytes(StandardCharsets.UTF_8), "Authorization", basic(KEY));
    assertThat(latin1.statusCode()).isEqualTo(415);
  }

  @Test
  void unknownContentEncoding_is415() throws Exception {
    HttpResponse<String> r = gateway.post("/v1/batch", "application/json", "{\"batch\":[]}".getBytes(StandardCharsets.UTF_8),
        "Content-Encoding", "br", "Authorization", basic(KEY));
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(code(r)).isEqualTo("unsupported_encoding");
  }

  @Test
  void tooManyEvents_is413_andRejectionsAreCountedWhenListingIsCapped() throws Exception {
    try (GatewayHarness.Gateway small = harness.start(harness.config()
        .withLimits(GatewayConfig.Limits.defaults().withMaxEvents(5)))) {
      HttpResponse<String> r = small.postJson("/v1/batch", "{\"batch\":[{},{},{},{},{},{}]}");
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(code(r)).isEqualTo("too_many_events");
      HttpResponse<String> five = small.postJson("/v1/batch", "{\"batch\":[{},{},{},{},{}]}");
      assertThat(five.statusCode()).isEqualTo(200);
      assertThat(json(five.body()).get("rejectedCount").intValue()).isEqualTo(5);
    }
    StringBuilder many = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < 1500; i++) {
      many.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"no id\"}");
    }
    HttpResponse<String> r = gateway.postJson("/v1/batch", many.append("]}").toString());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode answer = json(r.body());
    assertThat(answer.get("rejectedCount").intValue()).isEqualTo(1500);
    assertThat(answer.get("rejected")).hasSize(1000);
  }

  @Test
  void emptyBatch_isFine() throws Exception {
    HttpResponse<String> r = gateway.postJson("/v1/batch", "{\"batch\":[]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r.body()).get("accepted").intValue()).isZero();
  }
}
