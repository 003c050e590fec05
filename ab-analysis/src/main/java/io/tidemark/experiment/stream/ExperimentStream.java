package io.tidemark.experiment.stream;

import io.tidemark.engine.api.DataStream;
import io.tidemark.engine.api.OutputTag;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.events.Envelope;
import io.tidemark.lake.datasets.ExperimentStatsRow;
import io.tidemark.lake.datasets.ExperimentUnitRow;
import java.util.Objects;

/**
 * Wires the experiment operators onto a stream of envelopes that are keyed (partitioned) by
 * {@link Envelope#partitionKey()}, event-timed by {@link Envelope#timestamp()}, and deduplicated:
 *
 * <pre>{@code
 * ExperimentStream.Outputs out = ExperimentStream.attach(events, ExperimentStreamSettings.defaults(config));
 * out.units().sink("experiment_units", unitsSink);
 * out.stats().sink("experiment_stats", statsSink);
 * out.late().sink("late", lateSink);
 * }</pre>
 *
 * <p>Two operators, both task-local: {@code experiment-units} keyed by device writes the unit
 * rows and sends each change of a unit's contribution to {@code experiment-partials}, keyed by
 * partial within the task, which writes the task's cumulative partials.
 */
public final class ExperimentStream {

  /** Changes of per-task partials, from the units operator to the partials operator. */
  static final OutputTag<PartialDelta> DELTAS = OutputTag.of("experiment-partial-deltas");

  /** Exposures and metric events further behind the watermark than the allowed lateness. */
  public static final OutputTag<LateEvent> LATE_EVENTS = OutputTag.of("experiment-late-events");

  /**
   * The {@code reason} of the experiments' rows in {@code lake/late}; distinct from the
   * sessionizer's {@code beyond_allowed_lateness}, since the two operators allow different lateness.
   */
  public static final String LATE_REASON = "experiment_beyond_allowed_lateness";

  /** The {@code pipeline} column of the experiments' rows in {@code lake/late}. */
  public static final String PIPELINE = "experiments";

  public static final String UNITS_OPERATOR = "experiment-units";
  public static final String PARTIALS_OPERATOR = "experiment-partials";

  private ExperimentStream() {}

  /** The operators' outputs: rows of {@code experiment_units}, {@code experiment_stats}, and late events. */
  public record Outputs(DataStream<ExperimentUnitRow> units, DataStream<ExperimentStatsRow> stats,
      DataStream<LateEvent> late) {}

  public static Outputs attach(DataStream<Envelope> events, ExperimentStreamSettings settings) {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(settings, "settings");
    DataStream<ExperimentUnitRow> units = events
        .keyBy(Envelope::partitionKey, Serdes.STRING)
        .process(UNITS_OPERATOR, () -> new ExposureAttribution(settings));
    DataStream<ExperimentStatsRow> stats = units.sideOutput(DELTAS)
        .keyBy(d -> d.id().key(), Serdes.STRING)
        .process(PARTIALS_OPERATOR, PartialAccumulator::new);
    return new Outputs(units, stats, units.sideOutput(LATE_EVENTS));
  }
}
