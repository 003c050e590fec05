package io.tidemark.experiment.stream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.events.Envelope;
import io.tidemark.events.EventType;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Builds gateway envelopes for tests. */
final class Envelopes {
  private static final AtomicLong IDS = new AtomicLong();

  private Envelopes() {}

  static Envelope track(String unit, String event, long time, Map<String, ?> properties) {
    ObjectNode props = JsonNodeFactory.instance.objectNode();
    properties.forEach((k, v) -> {
      if (v instanceof Number n) {
        props.put(k, n.doubleValue());
      } else {
        props.put(k, String.valueOf(v));
      }
    });
    Instant t = Instant.ofEpochMilli(time);
    return new Envelope("m-" + IDS.incrementAndGet(), EventType.TRACK, event, null, null, unit, null, null, null,
        t, t, null, t, false, "test", null, props, null, null);
  }

  static Envelope exposure(String unit, String experiment, String variant, long time) {
    return track(unit, "Experiment Viewed", time, Map.of("experiment_id", experiment, "variation_id", variant));
  }

  static Envelope exposureCamelCase(String unit, String experiment, String variant, long time) {
    return track(unit, "Experiment Viewed", time, Map.of("experimentId", experiment, "variationId", variant));
  }

  static Envelope order(String unit, long time, double revenue) {
    return track(unit, "Order Completed", time, Map.of("revenue", revenue));
  }

  static Envelope latency(String unit, long time, double millis) {
    return track(unit, "App Performance", time, Map.of("metric", "api_latency_ms", "value", millis));
  }

  static long time(Envelope e) {
    return e.timestamp().toEpochMilli();
  }
}
