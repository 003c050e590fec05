package io.tidemark.experiment.stream;

import io.tidemark.experiment.metrics.MetricDefinition;
import io.tidemark.experiment.metrics.MetricsConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How the experiment operators run.
 *
 * @param metrics the metric definitions and experiments (shared with {@code tidemark report})
 * @param exposureEvent the track event that records an exposure
 * @param allowedLateness how far behind the watermark an event may be and still change results;
 *     events further behind go to {@link ExperimentStream#LATE_EVENTS}
 * @param emitEvery the emission tick: a unit changed by an event at {@code t} is written when the
 *     watermark passes the end of {@code t}'s tick plus {@code allowedLateness}
 * @param unitTtl how long (event time) a device's attribution is kept after its last relevant
 *     event; a unit seen again after that starts a new attribution
 */
public record ExperimentStreamSettings(
    MetricsConfig metrics, String exposureEvent, Duration allowedLateness, Duration emitEvery, Duration unitTtl) {

  public static final String DEFAULT_EXPOSURE_EVENT = "Experiment Viewed";
  public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofHours(1);
  public static final Duration DEFAULT_EMIT_EVERY = Duration.ofHours(1);
  public static final Duration DEFAULT_UNIT_TTL = Duration.ofDays(90);

  public ExperimentStreamSettings {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(exposureEvent, "exposureEvent");
    if (allowedLateness == null || allowedLateness.isNegative()) {
      throw new IllegalArgumentException("allowedLateness must not be negative: " + allowedLateness);
    }
    if (emitEvery == null || emitEvery.isNegative() || emitEvery.isZero()) {
      throw new IllegalArgumentException("emitEvery must be positive: " + emitEvery);
    }
    if (unitTtl == null || unitTtl.compareTo(historyRetention(metrics, allowedLateness)) <= 0) {
      throw new IllegalArgumentException("unitTtl must exceed the history retention "
          + historyRetention(metrics, allowedLateness) + ": " + unitTtl);
    }
  }

  public static ExperimentStreamSettings defaults(MetricsConfig metrics) {
    return new ExperimentStreamSettings(metrics, DEFAULT_EXPOSURE_EVENT, DEFAULT_ALLOWED_LATENESS,
        DEFAULT_EMIT_EVERY, DEFAULT_UNIT_TTL);
  }

  public ExperimentStreamSettings withAllowedLateness(Duration value) {
    return new ExperimentStreamSettings(metrics, exposureEvent, value, emitEvery, unitTtl);
  }

  public ExperimentStreamSettings withEmitEvery(Duration value) {
    return new ExperimentStreamSettings(metrics, exposureEvent, allowedLateness, value, unitTtl);
  }

  /**
   * How long a device keeps its metric events before folding them into per-unit totals: the
   * longest CUPED lookback plus the allowed lateness. A folded event lies before the pre-period
   * of any first exposure still to come, so folding never changes a unit's values (see {@link
   * UnitState}).
   */
  public long historyRetentionMillis() {
    return historyRetention(metrics, allowedLateness).toMillis();
  }

  private static Duration historyRetention(MetricsConfig metrics, Duration lateness) {
    Duration lookback = Duration.ZERO;
    for (MetricDefinition m : metrics.metrics()) {
      if (m.cuped() && m.covariateLookback().compareTo(lookback) > 0) {
        lookback = m.covariateLookback();
      }
    }
    return lookback.plus(lateness == null ? Duration.ZERO : lateness);
  }
}
