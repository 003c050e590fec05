package io.tidemark.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decoding an envelope without trees must give what decoding its Jackson tree gives: the same
 * envelope, the same canonical text of each object (what the raw archive stores), or the same
 * error. Checked on envelopes the gateway writes and on hand-edited variants of them.
 */
class EnvelopeReaderTest {
  private static final Instant RECEIVED = Instant.parse("2026-03-01T12:00:00.123Z");
  private final Normalizer normalizer = new Normalizer(32 * 1024);

  @Test
  void envelopesAsWritten_decodeWithoutJackson_toWhatJacksonDecodes() throws Exception {
    for (String raw : rawEvents()) {
      byte[] envelope = normalize(raw);
      assertThat(EnvelopeReader.read(envelope)).as("the fast path takes %s", raw).isNotNull();
      assertSameAsJackson(envelope);
    }
  }

  @Test
  void editedEnvelopes_decodeToWhatJacksonDecodes_orFailTheSameWay() throws Exception {
    String e = new String(normalize(rawEvents().get(0)), StandardCharsets.UTF_8);
    List<String> variants = List.of(
        e.replace(",\"type\":", " , \"type\" : "),
        e.replace("\"messageId\":\"m-1\"", "\"messageId\":\"m\\u002d1\""),
        e.replace("\"messageId\":\"m-1\"", "\"messageId\":\"m\\n1\""),
        e.replace("\"messageId\":\"m-1\"", "\"messageId\":17"),
        e.replace("\"messageId\":\"m-1\"", "\"messageId\":null"),
        e.replace("\"event\":\"Order Completed\"", "\"event\":null"),
        e.replace("\"event\":\"Order Completed\"", "\"event\":\"Bestellung abgeschloßen\""),
        e.replace("\"event\":\"Order Completed\"", "\"event\":\"x\",\"event\":\"y\""),
        e.replace("{\"envelopeVersion\":1,", "{\"envelopeVersion\":2,"),
        e.replace("{\"envelopeVersion\":1,", "{\"envelopeVersion\":1.0,"),
        e.replace("{\"envelopeVersion\":1,", "{\"envelopeVersion\":\"1\","),
        e.replace("{\"envelopeVersion\":1,", "{"),
        e.replace("{\"envelopeVersion\":1,", "{\"later\":{\"x\":[1,{\"y\":null}]},\"envelopeVersion\":1,"),
        e.replace("{\"envelopeVersion\":1,", "{\"later\":1E5,\"envelopeVersion\":1,"),
        e.replace("\"type\":\"track\"", "\"type\":\"bogus\""),
        e.replace("\"type\":\"track\"", "\"type\":null"),
        e.replace("\"source\":\"web\"", "\"source\":\"web\",\"timestampClamped\":true"),
        e.replace("\"source\":\"web\"", "\"source\":\"web\",\"timestampClamped\":\"true\""),
        e.replace("\"source\":\"web\"", "\"source\":\"web\",\"timestampClamped\":null"),
        e.replace("\"source\":\"web\"", "\"source\":null"),
        e.replace("\"sentAt\":\"2026-03-01T11:00:01.000Z\"", "\"sentAt\":\"yesterday\""),
        e.replace("\"sentAt\":\"2026-03-01T11:00:01.000Z\"", "\"sentAt\":null"),
        e.replace("\"sentAt\":\"2026-03-01T11:00:01.000Z\"", "\"sentAt\":\"2026-03-01T11:00:01+02:00\""),
        e.replace("\"anonymousId\":\"a\",", "").replace("\"userId\":\"u\",", ""),
        e.replace("\"context\":{", "\"context\":{ \"ws\" : 1 ,"),
        e.replace("\"context\":{", "\"context\":{\"ws\":1,\"ws\":2,"),
        e.replace("\"context\":{", "\"context\":{\"s\":\"\\u00fc\\/\","),
        e.replace("\"context\":{", "\"context\":{\"bad\":"),
        e.replace("\"context\":{\"app\":{\"version\":\"1.2\"}}", "\"context\":null"),
        e.replace("\"context\":{\"app\":{\"version\":\"1.2\"}}", "\"context\":[1]"),
        e.replace("\"context\":{\"app\":{\"version\":\"1.2\"}}", "\"context\":\"{}\""),
        e.replace("\"properties\":{", "\"properties\":{\"n\":-0,\"f\":2.50,"),
        e.substring(0, e.length() - 1) + ",\"traits\":{\"plan\":\"pro\"}}",
        e + " ",
        e + "\n",
        e.substring(0, e.length() - 1),
        "{}", "[]", "{\"envelopeVersion\":1}", "not json");
    for (String variant : variants) {
      assertThat(variant).as("each variant edits the envelope").isNotEqualTo(e);
      assertSameAsJackson(variant.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void assertSameAsJackson(byte[] envelope) throws Exception {
    String text = new String(envelope, StandardCharsets.UTF_8);
    Envelope expected = null;
    Throwable expectedError = null;
    JsonNode tree = null;
    try {
      tree = EventJson.mapper().readTree(envelope);
      expected = EventJson.decodeEnvelope(tree);
    } catch (Exception ex) {
      expectedError = ex;
    }
    if (expectedError != null) {
      Throwable error = catchThrowable(() -> EventJson.decodeEnvelope(envelope));
      assertThat(error).as(text).isInstanceOf(EnvelopeFormatException.class);
      if (expectedError instanceof EnvelopeFormatException) {
        assertThat(error).as(text).hasMessage(expectedError.getMessage());
      }
      return;
    }
    Envelope actual = EventJson.decodeEnvelope(envelope);
    assertThat(actual).as(text).isEqualTo(expected);
    assertThat(actual.toString()).as(text).isEqualTo(expected.toString());
    for (String field : List.of("context", "properties", "traits", "integrations")) {
      JsonNode node = tree.get(field);
      String canonical = node == null || node.isNull() ? "{}" : node.toString();
      JsonObject json = switch (field) {
        case "context" -> actual.contextJson();
        case "properties" -> actual.propertiesJson();
        case "traits" -> actual.traitsJson();
        default -> actual.integrationsJson();
      };
      assertThat(json.text()).as("%s of %s", field, text).isEqualTo(canonical);
    }
    assertThat(EventJson.encode(actual)).as(text).isEqualTo(EventJson.encode(expected));
  }

  private byte[] normalize(String raw) {
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    return ((Normalized.Accepted) EventJson.readLine(bytes, 0, bytes.length, normalizer, RECEIVED, "web")).json();
  }

  private static List<String> rawEvents() {
    List<String> raw = new ArrayList<>();
    raw.add("{\"type\":\"track\",\"event\":\"Order Completed\",\"anonymousId\":\"a\",\"userId\":\"u\",\"messageId\":\"m-1\","
        + "\"timestamp\":\"2026-03-01T11:00:00Z\",\"sentAt\":\"2026-03-01T11:00:01Z\","
        + "\"properties\":{\"item_id\":\"sku-1\",\"price\":9.99,\"tags\":[\"a\",\"ü\"]},"
        + "\"context\":{\"app\":{\"version\":\"1.2\"}}}");
    raw.add("{\"type\":\"page\",\"name\":\"Home\",\"category\":\"Docs\",\"anonymousId\":\"a\",\"messageId\":\"m-2\","
        + "\"properties\":{\"path\":\"/\",\"n\":12345678901234567890123},\"context\":{\"page\":{\"path\":\"/\"},"
        + "\"ip\":\"1.2.3.4\"},\"integrations\":{\"All\":false}}");
    raw.add("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"email\":\"a@b.c\",\"name\":\"Zoë \\\"Z\\\"\"},"
        + "\"messageId\":\"m-3\",\"originalTimestamp\":\"2026-03-01T11:00:00.5+01:00\"}");
    raw.add("{\"type\":\"screen\",\"name\":\"Ünïcode 😀\",\"userId\":\"u\",\"messageId\":\"m-4\","
        + "\"context\":{\"os\":{\"name\":\"iOS\"},\"device\":{\"type\":\"ios\"}},\"properties\":{}}");
    raw.add("{\"type\":\"alias\",\"userId\":\"u\",\"previousId\":\"p\",\"messageId\":\"m-5\"}");
    raw.add("{\"type\":\"group\",\"userId\":\"u\",\"groupId\":\"g\",\"messageId\":\"m-6\",\"traits\":{\"size\":10}}");
    raw.add("{\"type\":\"track\",\"event\":\"x\",\"anonymousId\":\"a\",\"messageId\":\"m-7\","
        + "\"timestamp\":\"2030-03-01T11:00:00Z\",\"properties\":{\"ws\" : [ 1 , 2 ]}}");
    return raw;
  }
}
