package io.tidemark.gateway.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns what {@code page.evaluate} returns (maps, lists, numbers) into JSON for assertions. */
final class JsonResults {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonResults() {}

  static JsonNode of(Object evaluated) {
    return JSON.valueToTree(evaluated);
  }
}
