package io.tidemark.gateway.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads the ISO-8601 instants of an envelope, whichever offset form the writer chose. */
final class Times {
  private Times() {}

  static Instant instant(JsonNode envelope, String field) {
    JsonNode node = envelope.path(field);
    if (!node.isTextual()) {
      throw new AssertionError("envelope field " + field + " is not an ISO-8601 string: " + envelope);
    }
    String text = node.asText();
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.parse(text);
    }
  }
}
