package io.tidemark.gateway;

import static io.tidemark.gateway.GatewayHarness.KEY;
import static io.tidemark.gateway.GatewayHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.events.EventJson;
import io.tidemark.events.Topics;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every route, content type, encoding and way of passing the write key, checked in Kafka. */
class RoutesTest {
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

  static JsonNode json(String text) throws Exception {
    return EventJson.mapper().readTree(text);
  }

  static Stream<Arguments> singleEventRoutes() {
    return Stream.of(
        Arguments.of("/v1/track", "track", "\"event\":\"Clicked\""),
        Arguments.of("/v1/t", "track", "\"event\":\"Clicked\""),
        Arguments.of("/t", "track", "\"event\":\"Clicked\""),
        Arguments.of("/v1/page", "page", "\"name\":\"Home\""),
        Arguments.of("/v1/p", "page", "\"name\":\"Home\""),
        Arguments.of("/p", "page", "\"name\":\"Home\""),
        Arguments.of("/v1/screen", "screen", "\"name\":\"Feed\""),
        Arguments.of("/v1/s", "screen", "\"name\":\"Feed\""),
        Arguments.of("/s", "screen", "\"name\":\"Feed\""),
        Arguments.of("/v1/identify", "identify", "\"traits\":{\"plan\":\"pro\"}"),
        Arguments.of("/v1/i", "identify", "\"traits\":{\"plan\":\"pro\"}"),
        Arguments.of("/i", "identify", "\"traits\":{\"plan\":\"pro\"}"),
        Arguments.of("/v1/group", "group", "\"groupId\":\"g1\""),
        Arguments.of("/v1/g", "group", "\"groupId\":\"g1\""),
        Arguments.of("/g", "group", "\"groupId\":\"g1\""),
        Arguments.of("/v1/alias", "alias", "\"previousId\":\"old\""),
        Arguments.of("/v1/a", "alias", "\"previousId\":\"old\""),
        Arguments.of("/a", "alias", "\"previousId\":\"old\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleEventRoutes")
  void singleEventRoute_producesAnEnvelopeOfItsType(String path, String type, String fields) throws Exception {
    String run = GatewayHarness.runId();
    String body = "{\"userId\":\"u-" + run + "\",\"messageId\":\"" + run + "\"," + fields + "}";
    HttpResponse<String> r = gateway.postJson(path, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r.body()).get("accepted").intValue()).isEqualTo(1);
    JsonNode envelope = json(harness.read(Topics.EVENTS, run, 1).get(0));
    assertThat(envelope.get("type").asText()).isEqualTo(type);
    assertThat(envelope.get("messageId").asText()).isEqualTo(run);
    assertThat(envelope.get("source").asText()).isEqualTo(GatewayHarness.SOURCE);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/v1/batch", "/v1/b", "/b", "/batch", "/v1/import", "/v1/import/", "//v1/batch"})
  void batchRoute_producesEveryEvent(String path) throws Exception {
    String run = GatewayHarness.runId();
    String body = "{\"batch\":["
        + "{\"type\":\"track\",\"event\":\"A\",\"anonymousId\":\"" + run + "-a\"},"
        + "{\"type\":\"page\",\"name\":\"Home\",\"anonymousId\":\"" + run + "-a\"},"
        + "{\"type\":\"identify\",\"userId\":\"" + run + "-u\",\"anonymousId\":\"" + run + "-a\"}]}";
    HttpResponse<String> r = gateway.postJson(path, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"success\":true,\"accepted\":3,\"rejectedCount\":0,\"rejected\":[]}");
    List<ConsumerRecord<String, String>> records = harness.readRecords(run, 3);
    assertThat(records).hasSize(3);
    // keyed by anonymousId: one device, one partition
    assertThat(records).allSatisfy(rec -> assertThat(rec.key()).isEqualTo(run + "-a"));
    assertThat(records.stream().map(ConsumerRecord::partition).distinct()).hasSize(1);
  }

  @Test
  void aBodyOfSeveralReads_arrivesWhole() throws Exception {
    // several times the gateway's read buffer: Undertow hands it over in chunks, joined into one body
    String run = GatewayHarness.runId();
    int events = 400;
    StringBuilder body = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < events; i++) {
      body.append(i > 0 ? "," : "").append("{\"type\":\"track\",\"event\":\"E\",\"messageId\":\"")
          .append(run).append('-').append(i).append("\",\"anonymousId\":\"").append(run)
          .append("\",\"properties\":{\"i\":").append(i).append(",\"pad\":\"").append("x".repeat(400)).append("\"}}");
    }
    body.append("]}");
    assertThat(body.length()).isGreaterThan(2 * GatewayServer.BUFFER_BYTES);
    HttpResponse<String> r = gateway.postJson("/v1/batch", body.toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r.body()).get("accepted").intValue()).isEqualTo(events);
    List<ConsumerRecord<String, String>> records = harness.readRecords(run, events);
    assertThat(records).hasSize(events);
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (ConsumerRecord<String, String> rec : records) {
      JsonNode envelope = json(rec.value());
      int i = envelope.get("properties").get("i").intValue();
      assertThat(envelope.get("messageId").asText()).isEqualTo(run + "-" + i);
      assertThat(envelope.get("properties").get("pad").asText()).hasSize(400);
      seen.add(i);
    }
    assertThat(seen).hasSize(events);
  }

  @Test
  void key_isUserIdWhenThereIsNoAnonymousId() {
    String run = GatewayHarness.runId();
    gateway.postJson("/v1/track", "{\"userId\":\"" + run + "\",\"event\":\"E\"}");
    assertThat(harness.readRecords(run, 1).get(0).key()).isEqualTo(run);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "text/plain",
      "text/plain;charset=UTF-8", "application/x-www-form-urlencoded"})
  void contentType_isAccepted(String contentType) {
    String run = GatewayHarness.runId();
    HttpResponse<String> r = gateway.post("/v1/t", contentType,
        ("{\"anonymousId\":\"" + run + "\",\"event\":\"E\"}").getBytes(StandardCharsets.UTF_8),
        "Authorization", basic(KEY));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(harness.read(Topics.EVENTS, run, 1)).hasSize(1);
  }

  @Test
  void writeKey_inTheBody_likeSendBeacon() {
    String run = GatewayHarness.runId();
    HttpResponse<String> r = gateway.post("/v1/t", "text/plain;charset=UTF-8",
        ("{\"writeKey\":\"" + KEY + "\",\"anonymousId\":\"" + run + "\",\"event\":\"E\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(harness.read(Topics.EVENTS, run, 1)).hasSize(1);
  }

  @Test
  void writeKey_inTheBatchBody_likeAnalyticsNode() {
    String run = GatewayHarness.runId();
    HttpResponse<String> r = gateway.post("/v1/batch", "application/json",
        ("{\"batch\":[{\"type\":\"track\",\"anonymousId\":\"" + run + "\",\"event\":\"E\"}],\"writeKey\":\"other-key\"}")
            .getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(harness.read(Topics.EVENTS, run, 1).get(0)).contains("\"source\":\"other-source\"");
  }

  @Test
  void writeKey_inTheQuery() {
    String run = GatewayHarness.runId();
    HttpResponse<String> r = gateway.post("/v1/track?writeKey=" + KEY, "application/json",
        ("{\"anonymousId\":\"" + run + "\",\"event\":\"E\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(harness.read(Topics.EVENTS, run, 1)).hasSize(1);
  }

  @Test
  void writeKey_basicAuthWithoutColon() {
    String run = GatewayHarness.runId();
    String auth = "Basic " + java.util.Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = gateway.post("/v1/track", "application/json",
        ("{\"anonymousId\":\"" + run + "\",\"event\":\"E\"}").getBytes(StandardCharsets.UTF_8), "Authorization", auth);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void unknownOrMissingWriteKey_is401() throws Exception {
    String run = GatewayHarness.runId();
    byte[] body = ("{\"anonymousId\":\"" + run + "\",\"event\":\"E\"}").getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> wrongHeader = gateway.post("/v1/track", "application/json", body, "Authorization", basic("nope"));
    HttpResponse<String> wrongQuery = gateway.post("/v1/track?writeKey=nope", "application/json", body);
    HttpResponse<String> none = gateway.post("/v1/track", "application/json", body);
    HttpResponse<String> wrongBody = gateway.post("/v1/track", "application/json",
        ("{\"writeKey\":\"nope\",\"anonymousId\":\"" + run + "\",\"event\":\"E\"}").getBytes(StandardCharsets.UTF_8));
    for (HttpResponse<String> r : List.of(wrongHeader, wrongQuery, none, wrongBody)) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
      assertThat(json(r.body()).at("/error/code").asText()).isEqualTo("unauthorized");
    }
    assertThat(harness.readSettled(Topics.EVENTS, run, 0)).isEmpty();
  }

  @Test
  void gzipBody_likeMobileSdks() {
    String run = GatewayHarness.runId();
    byte[] body = GatewayHarness.gzip(("{\"batch\":[{\"type\":\"track\",\"anonymousId\":\"" + run
        + "\",\"event\":\"E\"}],\"sentAt\":\"2026-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = gateway.post("/b", "text/plain", body, "Content-Encoding", "gzip", "Authorization", basic(KEY));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(harness.read(Topics.EVENTS, run, 1)).hasSize(1);
  }

  @Test
  void gzipLabelledFormUrlencoded_likeRudderSdkNode() {
    String run = GatewayHarness.runId();
    byte[] body = GatewayHarness.gzip(("{\"batch\":[{\"type\":\"track\",\"anonymousId\":\"" + run
        + "\",\"event\":\"E\",\"originalTimestamp\":\"2026-01-01T00:00:00.000Z\"}],\"sentAt\":\"2026-01-01T00:00:01.000Z\"}")
        .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = gateway.post("/v1/batch", "application/x-www-form-urlencoded", body,
        "Content-Encoding", "gzip", "Authorization", basic(KEY));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(harness.read(Topics.EVENTS, run, 1)).hasSize(1);
  }

  @Test
  void chunkedGzipBody() {
    String run = GatewayHarness.runId();
    StringBuilder sb = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < 200; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"anonymousId\":\"").append(run)
          .append("\",\"event\":\"E").append(i).append("\",\"properties\":{\"i\":").append(i).append("}}");
    }
    byte[] body = GatewayHarness.gzip(sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url("/v1/b"))).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "text/plain").header("Content-Encoding", "gzip").header("Authorization", basic(KEY))
        // an input stream has no known length: the client sends it chunked
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
    HttpResponse<String> r = gateway.send(request);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(harness.read(Topics.EVENTS, run, 200)).hasSize(200);
  }

  @Test
  void chunkedPlainBody() {
    String run = GatewayHarness.runId();
    byte[] body = ("{\"batch\":[{\"type\":\"track\",\"anonymousId\":\"" + run + "\",\"event\":\"E\"}]}")
        .getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url("/v1/batch"))).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("Authorization", basic(KEY))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
    HttpResponse<String> r = gateway.send(request);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(harness.read(Topics.EVENTS, run, 1)).hasSize(1);
  }

  @Test
  void importMergesTheBatchContextIntoEachEvent_likeAnalyticsJava() throws Exception {
    String run = GatewayHarness.runId();
    String body = "{\"batch\":["
        + "{\"type\":\"track\",\"event\":\"A\",\"userId\":\"" + run + "\",\"context\":{\"locale\":\"de-DE\"}},"
        + "{\"type\":\"track\",\"event\":\"B\",\"userId\":\"" + run + "\"}],"
        + "\"context\":{\"library\":{\"name\":\"analytics-java\",\"version\":\"3.5.4\"},\"locale\":\"en-US\"},"
        + "\"sentAt\":\"2026-01-01T00:00:00.000Z\",\"sequence\":1}";
    HttpResponse<String> r = gateway.postJson("/v1/import/", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> values = harness.read(Topics.EVENTS, run, 2);
    JsonNode a = json(values.stream().filter(v -> v.contains("\"event\":\"A\"")).findFirst().orElseThrow());
    JsonNode b = json(values.stream().filter(v -> v.contains("\"event\":\"B\"")).findFirst().orElseThrow());
    assertThat(a.at("/context/library/name").asText()).isEqualTo("analytics-java");
    assertThat(a.at("/context/locale").asText()).as("the event's own context wins").isEqualTo("de-DE");
    assertThat(b.at("/context/library/name").asText()).isEqualTo("analytics-java");
    assertThat(b.at("/context/locale").asText()).isEqualTo("en-US");
    assertThat(b.at("/context/ip").asText()).as("context.ip filled from the connection").isEqualTo("127.0.0.1");
  }

  @Test
  void messageId_isFilledWhenAbsent() throws Exception {
    String run = GatewayHarness.runId();
    gateway.postJson("/v1/track", "{\"anonymousId\":\"" + run + "\",\"event\":\"E\"}");
    JsonNode envelope = json(harness.read(Topics.EVENTS, run, 1).get(0));
    assertThat(envelope.get("messageId").asText()).hasSize(36);
  }

  @Test
  void corsPreflight_allowsTheSdkHeaders() {
    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url("/v1/t")))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://shop.example.com")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type,x-retry-count").build();
    HttpResponse<String> r = gateway.send(request);
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example.com");
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST, GET, OPTIONS");
    String allowed = r.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase();
    assertThat(allowed).contains("authorization", "content-type", "content-encoding", "x-retry-count");
  }

  @Test
  void corsHeaders_onTheEventAnswer() {
    String run = GatewayHarness.runId();
    HttpResponse<String> r = gateway.post("/v1/t", "text/plain",
        ("{\"anonymousId\":\"" + run + "\",\"event\":\"E\"}").getBytes(StandardCharsets.UTF_8),
        "Authorization", basic(KEY), "Origin", "http://localhost:3000");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
  }

  @Test
  void corsOrigins_restrictWhoMaySend() {
    try (GatewayHarness.Gateway strict = harness.start(harness.config().withCorsOrigins(List.of("https://ok.example")))) {
      HttpRequest ok = HttpRequest.newBuilder(URI.create(strict.url("/v1/t")))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("Origin", "https://ok.example").header("Access-Control-Request-Method", "POST").build();
      HttpRequest bad = HttpRequest.newBuilder(URI.create(strict.url("/v1/t")))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST").build();
      assertThat(strict.send(ok).statusCode()).isEqualTo(204);
      HttpResponse<String> refused = strict.send(bad);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @Test
  void settings_pointAnalyticsNextAtThisGateway() throws Exception {
    HttpResponse<String> r = gateway.get("/v1/projects/" + KEY + "/settings", "Origin", "http://localhost:5173");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
    JsonNode s = json(r.body()).at("/integrations/Segment.io");
    assertThat(s.get("apiKey").asText()).isEqualTo(KEY);
    assertThat(s.get("apiHost").asText()).isEqualTo("127.0.0.1:" + gateway.server.port() + "/v1");
    assertThat(s.get("protocol").asText()).isEqualTo("http");

    HttpResponse<String> noOrigin = gateway.get("/v1/projects/" + KEY + "/settings");
    assertThat(noOrigin.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(gateway.get("/v1/projects/nope/settings").statusCode()).isEqualTo(401);
    HttpResponse<String> proxied = gateway.get("/v1/projects/" + KEY + "/settings", "X-Forwarded-Proto", "https");
    assertThat(json(proxied.body()).at("/integrations/Segment.io/protocol").asText()).isEqualTo("https");
  }

  @Test
  void unknownPath_is404_andWrongMethod_is405() throws Exception {
    HttpResponse<String> missing = gateway.postJson("/v2/batch", "{}");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing.body()).at("/error/code").asText()).isEqualTo("not_found");
    HttpResponse<String> get = gateway.get("/v1/batch");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(json(get.body()).at("/error/code").asText()).isEqualTo("method_not_allowed");
  }
}
