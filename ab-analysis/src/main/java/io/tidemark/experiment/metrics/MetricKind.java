package io.tidemark.experiment.metrics;

import java.util.Locale;

/**
 * What a configured metric measures per unit, counted from the unit's first exposure on (within
 * the metric's window when it has one). The covariate (CUPED) is the same value over the
 * pre-exposure period.
 *
 * <table>
 *   <caption>Per-unit values (columns of {@code experiment_units})</caption>
 *   <tr><th>kind</th><th>value</th><th>denominator</th><th>statistics</th></tr>
 *   <tr><td>conversion</td><td>1 if a matching event happened, else 0</td><td>-</td><td>proportion</td></tr>
 *   <tr><td>count</td><td>number of matching events</td><td>-</td><td>mean</td></tr>
 *   <tr><td>sum</td><td>Σ property over matching events</td><td>-</td><td>mean</td></tr>
 *   <tr><td>mean</td><td>Σ property over matching events</td><td>number of those events</td><td>ratio</td></tr>
 *   <tr><td>ratio</td><td>the numerator metric's value</td><td>the denominator metric's value</td><td>ratio</td></tr>
 *   <tr><td>sessions</td><td>sessions started</td><td>-</td><td>mean</td></tr>
 *   <tr><td>session_duration</td><td>Σ session duration in seconds</td><td>sessions</td><td>ratio</td></tr>
 * </table>
 *
 * <p>{@code mean} and {@code session_duration} are means over events (sessions), not over units:
 * the unit is still the randomization unit, so they are ratios of per-unit sums and their variance
 * comes from the delta method, which keeps the test valid when one unit has many events.
 */
public enum MetricKind {
  CONVERSION(MetricType.PROPORTION),
  COUNT(MetricType.MEAN),
  SUM(MetricType.MEAN),
  MEAN(MetricType.RATIO),
  RATIO(MetricType.RATIO),
  SESSIONS(MetricType.MEAN),
  SESSION_DURATION(MetricType.RATIO);

  private final MetricType type;

  MetricKind(MetricType type) {
    this.type = type;
  }

  public MetricType type() {
    return type;
  }

  /** Whether the metric counts events with a name ({@code event} is required). */
  public boolean countsEvents() {
    return this == CONVERSION || this == COUNT || this == SUM || this == MEAN;
  }

  /** Whether the metric reads a numeric property of its events ({@code property} is required). */
  public boolean readsProperty() {
    return this == SUM || this == MEAN;
  }

  /** Whether a cap applies to each event's value (session) before summing, not to the unit's value. */
  public boolean capsEachEvent() {
    return this == MEAN || this == SESSION_DURATION;
  }

  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
