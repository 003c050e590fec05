package io.tidemark.lake.datasets;

import io.tidemark.lake.schema.Dataset;
import io.tidemark.lake.schema.RowValues;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One task's cumulative partial aggregate of an experiment ({@code lake/experiment_stats}), for
 * one (experiment, row kind, variant, metric, first-exposure day). Global results are merged on
 * read: per (task, experiment, kind, variant, metric, day) the row with the highest
 * {@code version} wins (a task rewrites its partial with a higher version whenever late data
 * changes it), then the winners are summed over tasks and days. {@code dt} is {@link #day()}.
 *
 * <p>Row kinds:
 * <ul>
 *   <li>{@code exposures}: {@code users} = units first exposed that day in {@code variant}; no
 *       metric, no sums. The sample-ratio-mismatch check reads these.
 *   <li>{@code metric}: the sufficient statistics of {@code metric} over those units, named as
 *       the {@code tidemark stats} input (gbstats's query columns). {@code metric_type} is the
 *       statistics' shape: {@code proportion}, {@code mean} or {@code ratio}; the denominator
 *       columns are set for ratios, the covariate (CUPED, pre-exposure) columns when the metric
 *       has a covariate, the {@code *_pre_*} cross-products for CUPED on a ratio.
 *   <li>{@code multiple_exposure}: {@code users} = units first exposed that day that were also
 *       seen in another variant, and are therefore excluded everywhere else; no variant, no metric.
 * </ul>
 *
 * <p>{@code watermark} is the writing task's event-time watermark when it wrote the row; a
 * report's freshness is the minimum over tasks of each task's maximum.
 */
public record ExperimentStatsRow(
    Kind kind,
    int task,
    long version,
    Instant watermark,
    String experiment,
    String variant,
    String metric,
    String metricType,
    LocalDate day,
    long users,
    Double mainSum,
    Double mainSumSquares,
    Double denominatorSum,
    Double denominatorSumSquares,
    Double mainDenominatorSumProduct,
    Double covariateSum,
    Double covariateSumSquares,
    Double mainCovariateSumProduct,
    Double denominatorPreSum,
    Double denominatorPreSumSquares,
    Double mainPreDenominatorPreSumProduct,
    Double mainPostDenominatorPreSumProduct,
    Double mainPreDenominatorPostSumProduct,
    Double denominatorPostDenominatorPreSumProduct) {

  /** What a row counts; stored lower case in {@code row_kind}. */
  public enum Kind {
    EXPOSURES, METRIC, MULTIPLE_EXPOSURE;

    public String text() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Kind parse(String text) {
      return valueOf(text.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public static final Dataset<ExperimentStatsRow> DATASET =
      Dataset.<ExperimentStatsRow>builder("experiment_stats")
          .requiredString("row_kind", r -> r.kind().text())
          .requiredInt32("task", ExperimentStatsRow::task)
          .requiredInt64("version", ExperimentStatsRow::version)
          .requiredTimestamp("watermark", ExperimentStatsRow::watermark)
          .requiredString("experiment", ExperimentStatsRow::experiment)
          .string("variant", ExperimentStatsRow::variant)
          .string("metric", ExperimentStatsRow::metric)
          .string("metric_type", ExperimentStatsRow::metricType)
          .requiredTimestamp("day", ExperimentStatsRow::dayStart)
          .requiredInt64("users", ExperimentStatsRow::users)
          .float64("main_sum", ExperimentStatsRow::mainSum)
          .float64("main_sum_squares", ExperimentStatsRow::mainSumSquares)
          .float64("denominator_sum", ExperimentStatsRow::denominatorSum)
          .float64("denominator_sum_squares", ExperimentStatsRow::denominatorSumSquares)
          .float64("main_denominator_sum_product", ExperimentStatsRow::mainDenominatorSumProduct)
          .float64("covariate_sum", ExperimentStatsRow::covariateSum)
          .float64("covariate_sum_squares", ExperimentStatsRow::covariateSumSquares)
          .float64("main_covariate_sum_product", ExperimentStatsRow::mainCovariateSumProduct)
          .float64("denominator_pre_sum", ExperimentStatsRow::denominatorPreSum)
          .float64("denominator_pre_sum_squares", ExperimentStatsRow::denominatorPreSumSquares)
          .float64("main_pre_denominator_pre_sum_product", ExperimentStatsRow::mainPreDenominatorPreSumProduct)
          .float64("main_post_denominator_pre_sum_product", ExperimentStatsRow::mainPostDenominatorPreSumProduct)
          .float64("main_pre_denominator_post_sum_product", ExperimentStatsRow::mainPreDenominatorPostSumProduct)
          .float64("denominator_post_denominator_pre_sum_product",
              ExperimentStatsRow::denominatorPostDenominatorPreSumProduct)
          .partitionedByDateOf(ExperimentStatsRow::dayStart)
          .rows(ExperimentStatsRow::from)
          .build();

  public ExperimentStatsRow {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(watermark, "watermark");
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(day, "day");
    if (task < 0 || version < 0 || users < 0) {
      throw new IllegalArgumentException("task, version and users must not be negative: "
          + task + ", " + version + ", " + users);
    }
    switch (kind) {
      case EXPOSURES -> require(variant != null && metric == null, "an exposures row needs a variant and no metric");
      case METRIC -> require(variant != null && metric != null && metricType != null && mainSum != null
          && mainSumSquares != null, "a metric row needs variant, metric, metric_type, main_sum, main_sum_squares");
      case MULTIPLE_EXPOSURE -> require(variant == null && metric == null,
          "a multiple_exposure row has no variant and no metric");
    }
  }

  /** The key under which the highest version wins: everything but the version and the values. */
  public record PartialKey(int task, String experiment, Kind kind, String variant, String metric, LocalDate day) {}

  public PartialKey partialKey() {
    return new PartialKey(task, experiment, kind, variant, metric, day);
  }

  /** The UTC midnight that starts {@link #day()}: the {@code day} column and the {@code dt} partition. */
  public Instant dayStart() {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** An {@code exposures} or {@code multiple_exposure} row: a count and no sums. */
  public static ExperimentStatsRow count(Kind kind, int task, long version, Instant watermark, String experiment,
      String variant, LocalDate day, long users) {
    return new ExperimentStatsRow(kind, task, version, watermark, experiment, variant, null, null, day, users,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  static ExperimentStatsRow from(RowValues v) {
    return new ExperimentStatsRow(
        Kind.parse(v.string("row_kind")),
        v.requiredInt32("task"),
        v.requiredInt64("version"),
        v.instant("watermark"),
        v.string("experiment"),
        v.string("variant"),
        v.string("metric"),
        v.string("metric_type"),
        LocalDate.ofInstant(v.instant("day"), ZoneOffset.UTC),
        v.requiredInt64("users"),
        v.float64("main_sum"),
        v.float64("main_sum_squares"),
        v.float64("denominator_sum"),
        v.float64("denominator_sum_squares"),
        v.float64("main_denominator_sum_product"),
        v.float64("covariate_sum"),
        v.float64("covariate_sum_squares"),
        v.float64("main_covariate_sum_product"),
        v.float64("denominator_pre_sum"),
        v.float64("denominator_pre_sum_squares"),
        v.float64("main_pre_denominator_pre_sum_product"),
        v.float64("main_post_denominator_pre_sum_product"),
        v.float64("main_pre_denominator_post_sum_product"),
        v.float64("denominator_post_denominator_pre_sum_product"));
  }
}
