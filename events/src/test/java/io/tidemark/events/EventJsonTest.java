package io.tidemark.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventJsonTest {
  static final Instant RECEIVED = Instant.parse("2026-03-01T12:00:00.123Z");
  final Normalizer normalizer = new Normalizer(32 * 1024);

  Envelope sample() {
    String raw = "{\"type\":\"track\",\"event\":\"Order Completed\",\"anonymousId\":\"a\",\"userId\":\"u\",\"messageId\":\"m\","
        + "\"timestamp\":\"2026-03-01T11:00:00Z\",\"sentAt\":\"2026-03-01T11:00:01Z\","
        + "\"properties\":{\"item_id\":\"sku-1\",\"price\":9.99,\"tags\":[\"a\",\"ü\"]},\"context\":{\"app\":{\"version\":\"1.2\"}}}";
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    return ((Normalized.Accepted) EventJson.readLine(bytes, 0, bytes.length, normalizer, RECEIVED, "web")).envelope();
  }

  @Test
  void encode_thenDecode_isTheSameEnvelope() {
    Envelope e = sample();
    Envelope back = EventJson.decodeEnvelope(EventJson.encode(e));
    assertThat(back).isEqualTo(e);
  }

  @Test
  void encode_writesTheDocumentedLayout() throws Exception {
    JsonNode json = EventJson.mapper().readTree(EventJson.encode(sample()));
    assertThat(json.get("envelopeVersion").intValue()).isEqualTo(1);
    assertThat(json.get("type").asText()).isEqualTo("track");
    assertThat(json.get("timestamp").asText()).isEqualTo("2026-03-01T11:59:59.123Z");
    assertThat(json.get("originalTimestamp").asText()).isEqualTo("2026-03-01T11:00:00.000Z");
    assertThat(json.get("receivedAt").asText()).isEqualTo("2026-03-01T12:00:00.123Z");
    assertThat(json.get("source").asText()).isEqualTo("web");
    assertThat(json.at("/properties/tags/1").asText()).isEqualTo("ü");
    assertThat(json.has("traits")).as("empty traits are left out").isFalse();
    assertThat(json.has("timestampClamped")).isFalse();
  }

  @Test
  void readLine_readsEnvelopesAsTheyAre_andNormalizesRawEvents() {
    byte[] envelope = EventJson.encode(sample());
    Normalized n = EventJson.readLine(envelope, 0, envelope.length, normalizer, Instant.EPOCH, "other");
    assertThat(((Normalized.Accepted) n).envelope()).isEqualTo(sample());

    byte[] archived = ("{\"type\":\"page\",\"userId\":\"u\",\"receivedAt\":\"2025-01-01T00:00:00Z\"}")
        .getBytes(StandardCharsets.UTF_8);
    Envelope e = ((Normalized.Accepted) EventJson.readLine(archived, 0, archived.length, normalizer, RECEIVED, "s")).envelope();
    assertThat(e.receivedAt()).as("an archived event keeps its receivedAt").isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));

    byte[] bad = "{\"type\":\"page\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(EventJson.readLine(bad, 0, bad.length, normalizer, RECEIVED, "s")).isInstanceOf(Normalized.Rejected.class);
  }

  @Test
  void encode_survivesLoneSurrogatesAndControlCharacters() throws Exception {
    byte[] raw = "{\"type\":\"track\",\"event\":\"E\\ud800\",\"userId\":\"u\",\"properties\":{\"k\":\"\\u0000\\ud83d\\ude00\"}}"
        .getBytes(StandardCharsets.UTF_8);
    Envelope e = ((Normalized.Accepted) EventJson.readLine(raw, 0, raw.length, normalizer, RECEIVED, "s")).envelope();
    byte[] bytes = EventJson.encode(e);
    JsonNode back = EventJson.mapper().readTree(bytes);
    assertThat(back.at("/properties/k").asText()).isEqualTo("\u0000\ud83d\ude00");
    assertThat(back.get("event").asText()).isEqualTo("E\ud800");
  }

  @Test
  void decodeEnvelope_rejectsWhatIsNotOne() {
    assertThatThrownBy(() -> EventJson.decodeEnvelope("nope".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EnvelopeFormatException.class);
    assertThatThrownBy(() -> EventJson.decodeEnvelope("{\"type\":\"track\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EnvelopeFormatException.class).hasMessageContaining("envelopeVersion");
    assertThatThrownBy(() -> EventJson.decodeEnvelope(("{\"envelopeVersion\":1,\"type\":\"track\",\"messageId\":\"m\","
        + "\"anonymousId\":\"a\",\"timestamp\":\"bad\",\"receivedAt\":\"2026-01-01T00:00:00Z\",\"source\":\"s\"}")
        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EnvelopeFormatException.class);
  }

  @Test
  void rejectedRecords_roundTrip_andTruncateHugeOriginals() throws Exception {
    RejectedEvent r = new RejectedEvent("{\"type\":\"track\",\"x\":[1,2]}", true, "missing_id", "no id", "web",
        RECEIVED, "m1", 3, null);
    byte[] bytes = EventJson.encodeRejected(r);
    JsonNode json = EventJson.mapper().readTree(bytes);
    assertThat(json.at("/original/x/1").intValue()).isEqualTo(2);
    assertThat(json.get("index").intValue()).isEqualTo(3);
    RejectedEvent back = EventJson.decodeRejected(bytes);
    assertThat(back.code()).isEqualTo("missing_id");
    assertThat(back.original()).isEqualTo("{\"type\":\"track\",\"x\":[1,2]}");
    assertThat(back.receivedAt()).isEqualTo(RECEIVED);

    String huge = "{\"p\":\"" + "x".repeat(RejectedEvent.MAX_ORIGINAL_BYTES) + "\"}";
    JsonNode truncated = EventJson.mapper().readTree(EventJson.encodeRejected(
        new RejectedEvent(huge, true, "event_too_large", "big", "web", RECEIVED, null, 0, null)));
    assertThat(truncated.has("original")).isFalse();
    assertThat(truncated.get("originalText").asText()).hasSize(RejectedEvent.TRUNCATED_TEXT_CHARS);
    assertThat(truncated.get("originalBytes").intValue()).isEqualTo(huge.length());

    JsonNode text = EventJson.mapper().readTree(EventJson.encodeRejected(
        new RejectedEvent("not json \u0000", false, "undecodable", "bad", null, RECEIVED, null, null, "tidemark.events/1/7")));
    assertThat(text.get("originalText").asText()).isEqualTo("not json \u0000");
    assertThat(text.get("origin").asText()).isEqualTo("tidemark.events/1/7");
  }
}
