package io.tidemark.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NormalizerTest {
  static final Instant RECEIVED = Instant.parse("2026-03-01T12:00:00Z");
  final Normalizer normalizer = new Normalizer(32 * 1024, () -> "generated-id");

  static JsonNode json(String text) {
    try {
      return EventJson.mapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  Envelope accept(String event, Receipt receipt) {
    Normalized n = normalizer.normalize(json(event), event.length(), receipt);
    assertThat(n).isInstanceOf(Normalized.Accepted.class);
    return ((Normalized.Accepted) n).envelope();
  }

  Envelope accept(String event) {
    return accept(event, Receipt.of(RECEIVED, "src"));
  }

  Normalized.Rejected reject(String event) {
    Normalized n = normalizer.normalize(json(event), event.length(), Receipt.of(RECEIVED, "src"));
    assertThat(n).isInstanceOf(Normalized.Rejected.class);
    return (Normalized.Rejected) n;
  }

  @Test
  void normalize_track_keepsTheFieldsOfTheEnvelope() {
    Envelope e = accept("{\"type\":\"track\",\"event\":\"Experiment Viewed\",\"anonymousId\":\"a\",\"userId\":42,"
        + "\"messageId\":\"m1\",\"properties\":{\"experiment_id\":\"x\"},\"context\":{\"locale\":\"de\"},"
        + "\"integrations\":{\"All\":true}}");
    assertThat(e.type()).isEqualTo(EventType.TRACK);
    assertThat(e.event()).isEqualTo("Experiment Viewed");
    assertThat(e.anonymousId()).isEqualTo("a");
    assertThat(e.userId()).as("integral ids become text").isEqualTo("42");
    assertThat(e.messageId()).isEqualTo("m1");
    assertThat(e.properties().get("experiment_id").asText()).isEqualTo("x");
    assertThat(e.context().get("locale").asText()).isEqualTo("de");
    assertThat(e.integrations().get("All").asBoolean()).isTrue();
    assertThat(e.source()).isEqualTo("src");
    assertThat(e.receivedAt()).isEqualTo(RECEIVED);
    assertThat(e.partitionKey()).isEqualTo("a");
  }

  @Test
  void normalize_fillsAMissingMessageId() {
    assertThat(accept("{\"type\":\"page\",\"userId\":\"u\"}").messageId()).isEqualTo("generated-id");
    assertThat(accept("{\"type\":\"page\",\"userId\":\"u\",\"messageId\":\"\"}").messageId()).isEqualTo("generated-id");
    String random = new Normalizer(1024).normalize(json("{\"type\":\"page\",\"userId\":\"u\"}"), 10,
        Receipt.of(RECEIVED, "s")) instanceof Normalized.Accepted a ? a.envelope().messageId() : null;
    assertThat(random).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void normalize_skewCorrection_segmentsFormula() {
    Envelope e = accept("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\","
        + "\"timestamp\":\"2026-03-01T08:00:00Z\",\"sentAt\":\"2026-03-01T08:00:03Z\"}");
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-03-01T11:59:57Z"));
    assertThat(e.originalTimestamp()).isEqualTo(Instant.parse("2026-03-01T08:00:00Z"));
    assertThat(e.sentAt()).isEqualTo(Instant.parse("2026-03-01T08:00:03Z"));
    assertThat(e.timestampClamped()).isFalse();
  }

  @Test
  void normalize_timestampWinsOverOriginalTimestamp_asTheClientTime() {
    Envelope e = accept("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":\"2026-03-01T10:00:00Z\","
        + "\"originalTimestamp\":\"2026-03-01T09:00:00Z\"}");
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
  }

  @Test
  void normalize_batchSentAt_isUsedWhenTheEventHasNone() {
    Receipt receipt = new Receipt(RECEIVED, "src", null, json("\"2026-03-01T11:00:10Z\""), null, null, false);
    Envelope e = accept("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":\"2026-03-01T11:00:00Z\"}", receipt);
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-03-01T11:59:50Z"));
  }

  @Test
  void request_normalizesEachEventOnItsOwn_withTheBatchSentAtParsedOnce() {
    Receipt receipt = new Receipt(RECEIVED, "src", null, json("\"2026-03-01T11:00:10Z\""), null, null, false);
    Normalizer.Request request = normalizer.request(receipt);
    Normalized first = request.normalize(Normalizer.scan(bytes(
        "{\"type\":\"track\",\"event\":\"First\",\"userId\":\"u1\",\"timestamp\":\"2026-03-01T11:00:00Z\"}")));
    Normalized second = request.normalize(Normalizer.scan(bytes(
        "{\"type\":\"page\",\"name\":\"Home\",\"anonymousId\":\"a2\",\"timestamp\":\"2026-03-01T11:00:05Z\"}")));
    Envelope a = ((Normalized.Accepted) first).envelope();
    Envelope b = ((Normalized.Accepted) second).envelope();
    assertThat(a.event()).isEqualTo("First");
    assertThat(a.timestamp()).isEqualTo(Instant.parse("2026-03-01T11:59:50Z"));
    assertThat(b.name()).isEqualTo("Home");
    assertThat(b.event()).isNull();
    assertThat(b.timestamp()).isEqualTo(Instant.parse("2026-03-01T11:59:55Z"));
  }

  @Test
  void request_invalidBatchSentAt_rejectsOnlyTheEventsWithoutTheirOwn() {
    Receipt receipt = new Receipt(RECEIVED, "src", null, json("\"yesterday\""), null, null, false);
    Normalizer.Request request = normalizer.request(receipt);
    Normalized without = request.normalize(Normalizer.scan(bytes("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\"}")));
    Normalized with = request.normalize(Normalizer.scan(bytes(
        "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"sentAt\":\"2026-03-01T11:59:59Z\"}")));
    assertThat(without).isInstanceOf(Normalized.Rejected.class);
    assertThat(((Normalized.Rejected) without).code()).isEqualTo(ErrorCode.INVALID_TIMESTAMP);
    assertThat(((Normalized.Rejected) without).message()).contains("sentAt").contains("yesterday");
    assertThat(with).isInstanceOf(Normalized.Accepted.class);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void normalize_futureTimes_areClampedAndFlagged() {
    Envelope e = accept("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":\"2027-01-01T00:00:00Z\"}");
    assertThat(e.timestamp()).isEqualTo(RECEIVED);
    assertThat(e.timestampClamped()).isTrue();
    assertThat(e.originalTimestamp()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
  }

  @Test
  void normalize_impliedTypeWins() {
    Receipt receipt = new Receipt(RECEIVED, "src", EventType.IDENTIFY, null, null, null, false);
    Envelope e = accept("{\"type\":\"track\",\"userId\":\"u\",\"traits\":{\"plan\":\"pro\"}}", receipt);
    assertThat(e.type()).isEqualTo(EventType.IDENTIFY);
    assertThat(e.traits().get("plan").asText()).isEqualTo("pro");
  }

  @Test
  void normalize_mergesTheBatchContext_eventKeysWin_andFillsTheIp() {
    ObjectNode batchContext = (ObjectNode) json("{\"library\":{\"name\":\"analytics-java\"},\"locale\":\"en\"}");
    Receipt receipt = new Receipt(RECEIVED, "src", null, null, batchContext, "10.0.0.1", false);
    Envelope own = accept("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"context\":{\"locale\":\"fr\",\"ip\":\"1.2.3.4\"}}", receipt);
    assertThat(own.context().get("locale").asText()).isEqualTo("fr");
    assertThat(own.context().at("/library/name").asText()).isEqualTo("analytics-java");
    assertThat(own.context().get("ip").asText()).isEqualTo("1.2.3.4");
    Envelope none = accept("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\"}", receipt);
    assertThat(none.context().get("locale").asText()).isEqualTo("en");
    assertThat(none.context().get("ip").asText()).isEqualTo("10.0.0.1");
    assertThat(batchContext.has("ip")).as("the batch context is not modified").isFalse();
  }

  @Test
  void normalize_stripIp_removesIt() {
    Receipt receipt = new Receipt(RECEIVED, "src", null, null, null, "10.0.0.1", true);
    Envelope e = accept("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"context\":{\"ip\":\"1.2.3.4\"}}", receipt);
    assertThat(e.context().has("ip")).isFalse();
  }

  @Test
  void normalize_rejections_carryStableCodesAndTheMessageId() {
    assertThat(reject("{\"type\":\"track\",\"event\":\"E\",\"messageId\":\"m\"}"))
        .extracting(Normalized.Rejected::code, Normalized.Rejected::messageId)
        .containsExactly(ErrorCode.MISSING_ID, "m");
    assertThat(reject("{\"type\":\"track\",\"userId\":\"u\"}").code()).isEqualTo(ErrorCode.MISSING_EVENT_NAME);
    assertThat(reject("{\"type\":\"Track2\",\"userId\":\"u\"}").code()).isEqualTo(ErrorCode.INVALID_TYPE);
    assertThat(reject("{\"userId\":\"u\"}").code()).isEqualTo(ErrorCode.MISSING_TYPE);
    assertThat(reject("{\"type\":\"group\",\"userId\":\"u\"}").code()).isEqualTo(ErrorCode.MISSING_GROUP_ID);
    assertThat(reject("{\"type\":\"alias\",\"userId\":\"u\"}").code()).isEqualTo(ErrorCode.MISSING_PREVIOUS_ID);
    assertThat(reject("{\"type\":\"track\",\"event\":\"E\",\"userId\":1.5}").code()).isEqualTo(ErrorCode.INVALID_FIELD);
    assertThat(reject("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"traits\":3}").code()).isEqualTo(ErrorCode.INVALID_FIELD);
    assertThat(reject("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":false}").code()).isEqualTo(ErrorCode.INVALID_TIMESTAMP);
    assertThat(reject("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"" + "x".repeat(100) + "\"}").code())
        .isEqualTo(ErrorCode.MESSAGE_ID_TOO_LONG);
    assertThat(reject("[1,2]").code()).isEqualTo(ErrorCode.NOT_AN_OBJECT);
    Normalized tooBig = new Normalizer(256).normalize(json("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\"}"), 257,
        Receipt.of(RECEIVED, "s"));
    assertThat(((Normalized.Rejected) tooBig).code()).isEqualTo(ErrorCode.EVENT_TOO_LARGE);
    assertThat(reject("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":\"x\"}").message()).contains("timestamp");
  }

  static String json(Normalized n) {
    return new String(((Normalized.Accepted) n).json(), java.nio.charset.StandardCharsets.UTF_8);
  }

  Normalized fromBytes(String event, Receipt receipt) {
    byte[] padded = ("xx" + event + "yy").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return normalizer.normalize(padded, 2, padded.length - 4, receipt);
  }

  @Test
  void normalize_prettyPrintedInput_givesAOneLineEnvelope() {
    String pretty = "{\n  \"type\": \"track\",\r\n  \"event\": \"E\",\n  \"userId\": \"u\",\n"
        + "  \"properties\": {\n    \"a\": \"line\\nbreak\"\n  },\n  \"context\": {\n    \"locale\": \"de\"\n  }\n}";
    Normalized n = fromBytes(pretty, new Receipt(RECEIVED, "s", null, null, null, "10.0.0.1", false));
    String out = json(n);
    assertThat(out).doesNotContain("\n").doesNotContain("\r");
    Envelope e = ((Normalized.Accepted) n).envelope();
    assertThat(e.properties().get("a").asText()).isEqualTo("line\nbreak");
    assertThat(e.context().get("locale").asText()).isEqualTo("de");
    assertThat(e.context().get("ip").asText()).isEqualTo("10.0.0.1");
  }

  @Test
  void normalize_ipIsFilledIntoEmptyAbsentOrFullContexts_andKeptWhenSent() {
    Receipt fill = new Receipt(RECEIVED, "s", null, null, null, "10.0.0.1", false);
    assertThat(((Normalized.Accepted) fromBytes("{\"type\":\"page\",\"userId\":\"u\",\"context\":{ }}", fill))
        .envelope().context().toString()).isEqualTo("{\"ip\":\"10.0.0.1\"}");
    assertThat(((Normalized.Accepted) fromBytes("{\"type\":\"page\",\"userId\":\"u\"}", fill))
        .envelope().context().toString()).isEqualTo("{\"ip\":\"10.0.0.1\"}");
    assertThat(((Normalized.Accepted) fromBytes("{\"type\":\"page\",\"userId\":\"u\",\"context\":{\"a\":[1,{\"b\":2}]}}", fill))
        .envelope().context().toString()).isEqualTo("{\"ip\":\"10.0.0.1\",\"a\":[1,{\"b\":2}]}");
    assertThat(((Normalized.Accepted) fromBytes("{\"type\":\"page\",\"userId\":\"u\",\"context\":{\"ip\":\"1.1.1.1\"}}", fill))
        .envelope().context().get("ip").asText()).isEqualTo("1.1.1.1");
    Receipt keep = Receipt.of(RECEIVED, "s");
    assertThat(((Normalized.Accepted) fromBytes("{\"type\":\"page\",\"userId\":\"u\"}", keep))
        .envelope().context()).isEmpty();
  }

  @Test
  void normalize_objectFieldsArePassedThroughExactly() {
    String props = "{\"price\":59.990,\"big\":123456789012345678901234567890,\"nested\":{\"deep\":[true,null,\"\\u00e9\"]},\"dup\":1,\"dup\":2}";
    Normalized n = fromBytes("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"properties\":" + props
        + ",\"traits\":{},\"integrations\":{\"All\":false}}", Receipt.of(RECEIVED, "s"));
    assertThat(json(n)).contains("\"properties\":" + props).contains("\"integrations\":{\"All\":false}")
        .doesNotContain("traits");
  }

  @Test
  void normalize_unknownTopLevelFieldsAreDropped_andStringsReescaped() {
    Normalized n = fromBytes("{\"type\":\"track\",\"event\":\"say \\\"hi\\\"\\t\\u00fc\\ud83d\\ude00\",\"userId\":\"u\","
        + "\"channel\":\"server\",\"_metadata\":{\"x\":1},\"writeKey\":\"secret\"}", Receipt.of(RECEIVED, "s"));
    String out = json(n);
    assertThat(out).doesNotContain("channel", "_metadata", "secret");
    assertThat(((Normalized.Accepted) n).envelope().event()).isEqualTo("say \"hi\"\t\u00fc\ud83d\ude00");
  }

  @Test
  void envelopeTimes_areExactAcrossDays() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    for (int i = 0; i < 2000; i++) {
      long millis = r.nextLong(Instant.parse("1990-01-01T00:00:00Z").toEpochMilli(), RECEIVED.toEpochMilli());
      if (i % 3 == 0) {
        millis = RECEIVED.toEpochMilli() - r.nextLong(86_400_000L); // often the same day
      }
      String ts = Instant.ofEpochMilli(millis).toString();
      Normalized n = fromBytes("{\"type\":\"page\",\"userId\":\"u\",\"timestamp\":\"" + ts + "\"}", Receipt.of(RECEIVED, "s"));
      Envelope e = ((Normalized.Accepted) n).envelope();
      assertThat(e.timestamp()).isEqualTo(Instant.ofEpochMilli(millis));
      assertThat(json(n)).contains("\"timestamp\":\"" + Timestamps.format(millis) + "\"");
    }
  }

  @Test
  void errorCodes_areUniqueAndEventScopedOnesHaveNoStatus() {
    assertThat(java.util.Arrays.stream(ErrorCode.values()).map(ErrorCode::code).distinct())
        .hasSize(ErrorCode.values().length);
    for (ErrorCode c : ErrorCode.values()) {
      assertThat(c.code()).matches("[a-z0-9_]+");
      assertThat(ErrorCode.ofCode(c.code())).isEqualTo(c);
      if (c.scope() == ErrorCode.Scope.EVENT) {
        assertThat(c.httpStatus()).isZero();
      } else {
        assertThat(c.httpStatus()).isBetween(400, 599);
      }
    }
  }
}
