package io.tidemark.gateway.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns what {@code page.evaluate} returns (maps, lists, numbers, JSON texts) into JSON for assertions. */
final class JsonResults {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonResults() {}

  static JsonNode of(Object evaluated) {
    return JSON.valueToTree(evaluated);
  }

  /** Parses a JSON text the page read, failing with the text when it is not JSON. */
  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
