package io.tidemark.experiment.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configured metric. See {@link MetricKind} for what each kind counts; which fields a kind
 * takes is checked here (programmer errors) and, with every problem listed, by {@link
 * MetricsConfigReader} (configuration errors).
 *
 * @param event the track event counted (conversion, count, sum, mean)
 * @param property the numeric property summed or averaged (sum, mean), e.g. {@code revenue}
 * @param where property values an event must also have to count (e.g. {@code metric:
 *     api_latency_ms} for {@code App Performance} events); compared as text
 * @param window how long after the first exposure events count; null: until the end
 * @param numerator for {@code ratio}: the id of the metric summed in the numerator
 * @param denominator for {@code ratio}: the id of the metric summed in the denominator
 * @param cap null, or the cap of the values (see {@link Cap})
 * @param covariateLookback null, or CUPED with the same metric over this pre-exposure period
 * @param inverse lower is better (latency, errors)
 */
public record MetricDefinition(
    String id,
    MetricKind kind,
    String event,
    String property,
    Map<String, String> where,
    Duration window,
    String numerator,
    String denominator,
    Cap cap,
    Duration covariateLookback,
    boolean inverse) {

  /** Metric ids appear in lake rows and on command lines: letters, digits, {@code _ - . :}. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");

  public MetricDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("metric id must be letters, digits, _ - . or : : " + id);
    }
    where = where == null ? Map.of() : Map.copyOf(where);
    require(!kind.countsEvents() || event != null, id + ": a " + kind.text() + " metric needs an event");
    require(!kind.readsProperty() || property != null, id + ": a " + kind.text() + " metric needs a property");
    require((kind == MetricKind.RATIO) == (numerator != null && denominator != null),
        id + ": numerator and denominator are for ratio metrics, which need both");
    require(window == null || (!window.isNegative() && !window.isZero()), id + ": window must be positive");
    require(covariateLookback == null || (!covariateLookback.isNegative() && !covariateLookback.isZero()),
        id + ": the covariate lookback must be positive");
    require(cap == null || (kind != MetricKind.CONVERSION && kind != MetricKind.RATIO),
        id + ": conversion and ratio metrics take no cap (cap the ratio's component metrics)");
    require(cap == null || !kind.capsEachEvent() || cap.type() == Cap.Type.ABSOLUTE,
        id + ": a " + kind.text() + " metric caps each event, so only an absolute cap applies");
  }

  public MetricType type() {
    return kind.type();
  }

  /** Whether the metric has a CUPED covariate. */
  public boolean cuped() {
    return covariateLookback != null;
  }

  /**
   * Whether the report applies this metric's cap to unit values from {@code experiment_units}
   * (rather than the stream applying it to each event).
   */
  public boolean capsUnitValues() {
    return cap != null && !kind.capsEachEvent();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
