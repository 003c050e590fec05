package io.tidemark.lake.datasets;

import io.tidemark.lake.schema.ColumnType;
import io.tidemark.lake.schema.Dataset;
import java.time.Instant;
import java.util.Objects;

/**
 * One unit's value of one metric in one experiment ({@code lake/experiment_units}): one row per
 * unit × experiment × metric, so {@code GROUP BY experiment, metric, variant} over it gives the
 * per-variant sums. Every unit attributed to a variant has a row for every metric, with 0 when
 * nothing happened, so the row count is the number of units.
 *
 * <p>{@code value} is the metric's per-unit value before any cap (for ratio-shaped metrics the
 * numerator), {@code denominator} the ratio's denominator, {@code covariate} and
 * {@code covariate_denominator} the same over the pre-exposure period (CUPED). A unit whose values
 * change (late events) is written again with a higher {@code version}; a unit later seen in a
 * second variant is written once more with {@code is_deleted = true}. Readers keep the highest
 * version per (experiment, unit, metric) and drop deleted ones. {@code dt} is the UTC date of
 * {@link #firstExposure()}.
 */
public record ExperimentUnitRow(
    String experiment,
    String unit,
    String variant,
    String metric,
    Instant firstExposure,
    long version,
    boolean deleted,
    int task,
    double value,
    Double denominator,
    Double covariate,
    Double covariateDenominator) {

  public static final Dataset<ExperimentUnitRow> DATASET =
      Dataset.<ExperimentUnitRow>builder("experiment_units")
          .requiredString("experiment", ExperimentUnitRow::experiment)
          .requiredString("unit", ExperimentUnitRow::unit)
          .requiredString("variant", ExperimentUnitRow::variant)
          .requiredString("metric", ExperimentUnitRow::metric)
          .requiredTimestamp("first_exposure", ExperimentUnitRow::firstExposure)
          .requiredInt64("version", ExperimentUnitRow::version)
          .requiredBool("is_deleted", ExperimentUnitRow::deleted)
          .requiredInt32("task", ExperimentUnitRow::task)
          .column("value", ColumnType.DOUBLE, true, ExperimentUnitRow::value)
          .float64("denominator", ExperimentUnitRow::denominator)
          .float64("covariate", ExperimentUnitRow::covariate)
          .float64("covariate_denominator", ExperimentUnitRow::covariateDenominator)
          .partitionedByDateOf(ExperimentUnitRow::firstExposure)
          .rows(v -> new ExperimentUnitRow(
              v.string("experiment"),
              v.string("unit"),
              v.string("variant"),
              v.string("metric"),
              v.instant("first_exposure"),
              v.requiredInt64("version"),
              v.requiredBool("is_deleted"),
              v.requiredInt32("task"),
              (Double) v.get("value"),
              v.float64("denominator"),
              v.float64("covariate"),
              v.float64("covariate_denominator")))
          .build();

  public ExperimentUnitRow {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(firstExposure, "firstExposure");
    if (version < 0 || task < 0) {
      throw new IllegalArgumentException("version and task must not be negative: " + version + ", " + task);
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite: " + value);
    }
  }

  /** The key under which the highest version wins. */
  public record UnitKey(String experiment, String unit, String metric) {}

  public UnitKey unitKey() {
    return new UnitKey(experiment, unit, metric);
  }
}
