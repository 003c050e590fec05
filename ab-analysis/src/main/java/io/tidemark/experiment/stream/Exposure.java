package io.tidemark.experiment.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.events.Envelope;
import io.tidemark.events.EventType;

/** One {@code Experiment Viewed} event: the unit saw {@code variant} of {@code experiment}. */
record Exposure(String experiment, String variant) {

  /**
   * The exposure an envelope records, or null: a track event named {@code exposureEvent} with
   * {@code properties.experiment_id} and {@code properties.variation_id} (or the camelCase {@code
   * experimentId}/{@code variationId}), strings or numbers.
   */
  static Exposure of(Envelope e, String exposureEvent) {
    if (e.type() != EventType.TRACK || !exposureEvent.equals(e.event())) {
      return null;
    }
    String experiment = text(e.properties().get("experiment_id"), e.properties().get("experimentId"));
    String variant = text(e.properties().get("variation_id"), e.properties().get("variationId"));
    return experiment == null || variant == null ? null : new Exposure(experiment, variant);
  }

  private static String text(JsonNode snake, JsonNode camel) {
    JsonNode n = snake != null && !snake.isNull() ? snake : camel;
    if (n == null || !(n.isTextual() || n.isNumber())) {
      return null;
    }
    String t = n.asText();
    return t.isBlank() ? null : t;
  }
}
