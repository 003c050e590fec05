package io.tidemark.experiment.metrics;

/**
 * Winsorization of a metric's values: values above the cap count as the cap.
 *
 * <ul>
 *   <li>{@code absolute}: a fixed cap. For {@code mean} and {@code session_duration} the stream
 *       applies it to each event's property value (each session's duration) before summing; for
 *       the others the report applies it to each unit's value (and covariate).
 *   <li>{@code percentile}: the cap is the given quantile of the units' values across all arms
 *       (linear interpolation between order statistics, like DuckDB {@code quantile_cont} and
 *       NumPy's default), computed by the report from {@code experiment_units} and applied to
 *       values and covariates. Only for per-unit totals (count, sum, sessions, ratio components).
 * </ul>
 */
public record Cap(Type type, double value) {

  public enum Type { ABSOLUTE, PERCENTILE }

  public Cap {
    if (type == null) {
      throw new IllegalArgumentException("cap type must not be null");
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("cap must be a finite number: " + value);
    }
    if (type == Type.PERCENTILE && !(value > 0 && value <= 1)) {
      throw new IllegalArgumentException("percentile cap must be in (0, 1]: " + value);
    }
    if (type == Type.ABSOLUTE && value < 0) {
      throw new IllegalArgumentException("absolute cap must not be negative: " + value);
    }
  }

  public static Cap absolute(double value) {
    return new Cap(Type.ABSOLUTE, value);
  }

  public static Cap percentile(double quantile) {
    return new Cap(Type.PERCENTILE, quantile);
  }

  /** {@code value} capped at {@code capValue} (the absolute cap, or a percentile's value). */
  public static double apply(double value, double capValue) {
    return Math.min(value, capValue);
  }
}
