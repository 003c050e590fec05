package io.tidemark.experiment.stream;

import io.tidemark.experiment.metrics.InvalidMetricsConfigException;
import io.tidemark.experiment.metrics.MetricsConfig;

/** The metrics configuration the stream tests use: one metric of every kind the stream computes. */
final class TestConfigs {
  private TestConfigs() {}

  static final String METRICS = """
      "metrics": [
        {"id": "purchase", "kind": "conversion", "event": "Order Completed", "window": "72h", "cuped": true},
        {"id": "orders", "kind": "count", "event": "Order Completed", "cuped": {"lookback": "7d"}},
        {"id": "revenue", "kind": "sum", "event": "Order Completed", "property": "revenue"},
        {"id": "api_latency", "kind": "mean", "event": "App Performance", "property": "value",
         "where": {"metric": "api_latency_ms"}, "cap": {"absolute": 5000}, "inverse": true, "cuped": true},
        {"id": "revenue_per_order", "kind": "ratio", "numerator": "revenue", "denominator": "orders",
         "cuped": true},
        {"id": "sessions", "kind": "sessions", "window": "7d", "cuped": true},
        {"id": "session_length", "kind": "session_duration", "cap": {"absolute": 1800}, "cuped": true},
        {"id": "orders_per_session", "kind": "ratio", "numerator": "orders", "denominator": "sessions"}
      ]""";

  /** Every metric; experiments are not configured, so each reports every metric. */
  static MetricsConfig allMetrics() {
    return parse("{" + METRICS + "}");
  }

  static MetricsConfig parse(String json) {
    try {
      return MetricsConfig.parse(json, false);
    } catch (InvalidMetricsConfigException e) {
      throw new IllegalArgumentException(e.problems().toString(), e);
    }
  }
}
