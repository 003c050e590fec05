package io.tidemark.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A log line read straight into an envelope ({@link EventJson#readLineToEnvelope}) must give what
 * the gateway's path gives, its JSON written and read back ({@link EventJson#readLine} then {@link
 * Normalized.Accepted#envelope()}): the same envelope, the same canonical text of each object, the
 * same rejection, or the same error. {@code LogLineEnvelopesTest} (pipelines) does the same over
 * the log generator's events.
 */
class DirectEnvelopesTest {
  private static final Instant RECEIVED = Instant.parse("2026-03-01T12:00:00.123Z");
  private static final String BASE = "{\"type\":\"track\",\"event\":\"Order Completed\",\"anonymousId\":\"a-1\","
      + "\"messageId\":\"m-1\",\"timestamp\":\"2026-03-01T11:00:00.250Z\",\"sentAt\":\"2026-03-01T11:00:01Z\","
      + "\"properties\":{\"item_id\":\"sku-1\",\"price\":9.99,\"tags\":[\"a\",\"b\"]},"
      + "\"context\":{\"app\":{\"version\":\"1.2\"},\"os\":{\"name\":\"iOS\"}}}";

  @Test
  void ordinaryEvents_areBuiltWithoutJson_equalToTheGatewaysPath() {
    List<String> lines = List.of(
        BASE,
        BASE.replace("\"event\":\"Order Completed\"", "\"event\":\"Bestellung abgeschloßen 😀\""),
        BASE.replace("\"event\":\"Order Completed\"", "\"event\":\"quote \\\" backslash \\\\ tab \\t \\u00e9 \\u002d\""),
        BASE.replace("\"event\":\"Order Completed\"", "\"event\":\"lone \\ud800 surrogate\""),
        BASE.replace("\"anonymousId\":\"a-1\"", "\"anonymousId\":12345678901234567890"),
        BASE.replace("\"anonymousId\":\"a-1\"", "\"userId\":\"u\\/1\""),
        BASE.replace("\"messageId\":\"m-1\",", ""),
        BASE.replace("\"messageId\":\"m-1\"", "\"messageId\":\"\""),
        BASE.replace("\"messageId\":\"m-1\"", "\"messageId\":\"m\\n1\""),
        BASE.replace("\"sentAt\":\"2026-03-01T11:00:01Z\"", "\"sentAt\":\"2026-03-01T13:00:01+02:00\""),
        BASE.replace("\"sentAt\":\"2026-03-01T11:00:01Z\"", "\"sentAt\":\"2026-03-01T09:00:01.123456789Z\""),
        BASE.replace(",\"sentAt\":\"2026-03-01T11:00:01Z\"", ""),
        BASE.replace("\"timestamp\":\"2026-03-01T11:00:00.250Z\"", "\"originalTimestamp\":\"2026-03-01 11:00:00+0100\""),
        BASE.replace("\"timestamp\":\"2026-03-01T11:00:00.250Z\",", ""),
        BASE.replace("\"timestamp\":\"2026-03-01T11:00:00.250Z\"", "\"timestamp\":\"2027-01-01T00:00:00Z\"")
            .replace(",\"sentAt\":\"2026-03-01T11:00:01Z\"", ""),
        BASE.replace("\"timestamp\":\"2026-03-01T11:00:00.250Z\"", "\"timestamp\":\"0000-01-01T00:00:00Z\"")
            .replace(",\"sentAt\":\"2026-03-01T11:00:01Z\"", ""),
        BASE.replace("\"timestamp\":\"2026-03-01T11:00:00.250Z\"", "\"timestamp\":null"),
        BASE.replace("\"price\":9.99", "\"price\":1.0,\"big\":12345678901234567890123,\"e\":1e5,\"z\":-0,\"f\":2.50"),
        BASE.replace("\"price\":9.99", "\"deep\":{\"a\":{\"b\":[{\"c\":[null,true,false,{}]},[]]}}"),
        BASE.replace("\"context\":{", "\"context\":{ \"ws\" : [ 1 , 2 ] ,"),
        BASE.replace("\"context\":{", "\"context\":{\"dup\":1,\"dup\":2,"),
        BASE.replace("\"context\":{", "\"context\":{\"ip\":\"10.0.0.1\",\"s\":\"\\u00fc\\/\","),
        BASE.replace("\"context\":{\"app\":{\"version\":\"1.2\"},\"os\":{\"name\":\"iOS\"}}", "\"context\":null"),
        BASE.replace("\"context\":{\"app\":{\"version\":\"1.2\"},\"os\":{\"name\":\"iOS\"}}", "\"context\":{}"),
        BASE.replace("\"context\":{\"app\":{\"version\":\"1.2\"},\"os\":{\"name\":\"iOS\"}}", "\"context\":{ }"),
        BASE.replace(",\"context\":{\"app\":{\"version\":\"1.2\"},\"os\":{\"name\":\"iOS\"}}", ""),
        BASE.replace("\"properties\":{", "\"properties\":{},\"ignored\":{").replace("}}}", "}},\"properties\":{}}"),
        BASE.replace("{\"type\"", "{\"integrations\":{\"All\":false,\"Mixpanel\":true},\"traits\":{},\"type\""),
        BASE.replace("{\"type\"", "{\"traits\":{ },\"type\""),
        BASE.replace("{\"type\"", "{\"traits\":null,\"type\""),
        BASE.replace("{\"type\"", "{\"receivedAt\":\"2026-03-01T11:30:00Z\",\"type\""),
        BASE.replace("{\"type\"", "{\"receivedAt\":\"half past eleven\",\"type\""),
        BASE.replace("{\"type\"", "{\"writeKey\":\"k\",\"unknown\":[1,{\"x\":2}],\"type\""),
        BASE.replace("{\"type\"", " { \"type\"").replace(",\"anonymousId\"", " , \"anonymousId\" ") + " ",
        BASE.replace("\"type\":\"track\",\"event\":\"Order Completed\"", "\"type\":\"page\",\"name\":\"Home\","
            + "\"category\":\"Docs\",\"event\":\"ignored\""),
        BASE.replace("\"type\":\"track\",\"event\":\"Order Completed\"", "\"type\":\"screen\",\"name\":null"),
        BASE.replace("\"type\":\"track\",\"event\":\"Order Completed\"", "\"type\":\"identify\",\"traits\":"
            + "{\"email\":\"a@b.c\",\"name\":\"Zoë \\\"Z\\\"\"}"),
        BASE.replace("\"type\":\"track\",\"event\":\"Order Completed\"", "\"type\":\"group\",\"groupId\":42"),
        BASE.replace("\"type\":\"track\",\"event\":\"Order Completed\"", "\"type\":\"alias\",\"previousId\":\"p\""));
    for (String line : lines) {
      Normalized direct = assertSameAsGatewayPath(line);
      assertThat(direct).as(line).isInstanceOfSatisfying(Normalized.Accepted.class,
          a -> assertThat(a.builtWithoutJson()).as("built without JSON: %s", line).isTrue());
    }
  }

  @Test
  void eventsTheWriterChanges_areWrittenAndRead_equalToTheGatewaysPath() {
    // line breaks between tokens (\r counts as one): the writer drops them from the objects
    List<String> lines = List.of(
        BASE.replace("\"context\":{", "\"context\":{\r\"cr\":1,\n\"lf\":2,"),
        BASE.replace("{\"type\"", "{\n\"type\"").replace("\"properties\":{", "\"properties\":{\r\n"));
    for (String line : lines) {
      Normalized direct = assertSameAsGatewayPath(line);
      assertThat(direct).as(line).isInstanceOfSatisfying(Normalized.Accepted.class,
          a -> assertThat(a.builtWithoutJson()).as("written and read: %s", line).isFalse());
    }
  }

  @Test
  void rejectedAndBadLines_failAsOnTheGatewaysPath() {
    List<String> lines = List.of(
        "[]", "17", "\"text\"", "null", "{}", "not json", "{\"type\":", BASE + "{}", BASE + " x",
        BASE.replace("\"type\":\"track\",", ""),
        BASE.replace("\"type\":\"track\"", "\"type\":\"bogus\""),
        BASE.replace("\"type\":\"track\"", "\"type\":7"),
        BASE.replace("\"event\":\"Order Completed\"", "\"event\":\" \""),
        BASE.replace("\"event\":\"Order Completed\"", "\"event\":{}"),
        BASE.replace("\"anonymousId\":\"a-1\"", "\"anonymousId\":null"),
        BASE.replace("\"anonymousId\":\"a-1\"", "\"anonymousId\":1.5"),
        BASE.replace("\"messageId\":\"m-1\"", "\"messageId\":\"" + "m".repeat(100) + "\""),
        BASE.replace("\"messageId\":\"m-1\"", "\"messageId\":[]"),
        BASE.replace("\"sentAt\":\"2026-03-01T11:00:01Z\"", "\"sentAt\":\"yesterday\""),
        BASE.replace("\"sentAt\":\"2026-03-01T11:00:01Z\"", "\"sentAt\":12"),
        // corrected into year -1: the writer cannot format it, on either path
        BASE.replace("\"timestamp\":\"2026-03-01T11:00:00.250Z\"", "\"timestamp\":\"0000-01-01T00:00:00Z\"")
            .replace("\"sentAt\":\"2026-03-01T11:00:01Z\"", "\"sentAt\":\"2026-03-01T12:00:01Z\""),
        BASE.replace("\"context\":{\"app\":{\"version\":\"1.2\"},\"os\":{\"name\":\"iOS\"}}", "\"context\":[1]"),
        BASE.replace("\"properties\":{", "\"properties\":\"{\",\"x\":{"),
        BASE.replace("\"properties\":{\"item_id\"", "\"properties\":{\"a\":\"" + "x".repeat(33_000) + "\",\"item_id\""),
        "{\"envelopeVersion\":2,\"messageId\":\"m\"}",
        "{\"envelopeVersion\":1,\"messageId\":\"m\",\"type\":\"track\"}");
    for (String line : lines) {
      assertSameAsGatewayPath(line);
    }
  }

  @Test
  void envelopeLines_areTakenAsTheyAre() {
    Normalized gateway = readLine(BASE, false);
    byte[] envelope = ((Normalized.Accepted) gateway).json();
    String line = new String(envelope, StandardCharsets.UTF_8);
    Normalized direct = assertSameAsGatewayPath(line);
    assertThat(((Normalized.Accepted) direct).json()).isEqualTo(envelope);
    assertSameAsGatewayPath(line.replace("\"context\":{", "\"context\":{ \"ws\" : 1 ,"));
  }

  /** Both paths on {@code line}; returns the direct path's result. */
  private static Normalized assertSameAsGatewayPath(String line) {
    Normalized expected = null;
    Throwable expectedError = catchThrowable(() -> readLine(line, false));
    if (expectedError == null) {
      expected = readLine(line, false);
    }
    Normalized[] actual = new Normalized[1];
    Throwable error = catchThrowable(() -> actual[0] = readLine(line, true));
    if (expectedError != null) {
      assertThat(error).as(line).isNotNull().hasMessage(expectedError.getMessage())
          .isInstanceOf(expectedError.getClass());
      return null;
    }
    assertThat(error).as(line).isNull();
    if (expected instanceof Normalized.Rejected r) {
      assertThat(actual[0]).as(line).isEqualTo(r);
      return actual[0];
    }
    Normalized.Accepted want = (Normalized.Accepted) expected;
    Normalized.Accepted got = (Normalized.Accepted) actual[0];
    Envelope e = want.envelope();
    Envelope g = got.envelope();
    assertThat(g).as(line).isEqualTo(e);
    assertThat(g.toString()).as(line).isEqualTo(e.toString());
    assertThat(g.contextJson().text()).as(line).isEqualTo(e.contextJson().text());
    assertThat(g.propertiesJson().text()).as(line).isEqualTo(e.propertiesJson().text());
    assertThat(g.traitsJson().text()).as(line).isEqualTo(e.traitsJson().text());
    assertThat(g.integrationsJson().text()).as(line).isEqualTo(e.integrationsJson().text());
    assertThat(g.contextJson().scalarText("app", "version")).as(line)
        .isEqualTo(e.contextJson().scalarText("app", "version"));
    assertThat(EventJson.encode(g)).as(line).isEqualTo(EventJson.encode(e));
    assertThat(EventJson.decodeEnvelope(got.json())).as(line).isEqualTo(e);
    assertThat(got.key()).as(line).isEqualTo(want.key());
    assertThat(got.messageId()).as(line).isEqualTo(want.messageId());
    assertThat(got.sentAtMillis()).as(line).isEqualTo(want.sentAtMillis());
    return got;
  }

  private static Normalized readLine(String line, boolean direct) {
    byte[] bytes = ("\n" + line + "\n").getBytes(StandardCharsets.UTF_8); // read from the middle of a buffer
    Normalizer normalizer = new Normalizer(32 * 1024, () -> "generated-id");
    return direct
        ? EventJson.readLineToEnvelope(bytes, 1, bytes.length - 2, normalizer, RECEIVED, "web")
        : EventJson.readLine(bytes, 1, bytes.length - 2, normalizer, RECEIVED, "web");
  }
}
