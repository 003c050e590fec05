package io.tidemark.experiment.stream;

import io.tidemark.engine.api.KeyedProcessFunction;
import io.tidemark.engine.api.RuntimeContext;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.state.ValueState;
import io.tidemark.engine.state.ValueStateDescriptor;
import io.tidemark.engine.time.Watermarks;
import io.tidemark.experiment.lake.StatsRows;
import io.tidemark.experiment.lake.SufficientSums;
import io.tidemark.experiment.metrics.MetricType;
import io.tidemark.lake.datasets.ExperimentStatsRow;
import io.tidemark.lake.datasets.ExperimentStatsRow.Kind;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Keyed by {@link PartialId#key()} within the task (no shuffle: the deltas come from this task's
 * units): keeps the task's cumulative partial and writes it to {@code experiment_stats} with the
 * next version whenever it changed, on an event-time timer at the time of the change. This is the
 * row contract {@link io.tidemark.experiment.report.StatsMerge} reads: per (task, experiment, kind,
 * variant, metric, day) the highest version is the task's whole partial, so a partial that drops to
 * zero units is written too.
 */
final class PartialAccumulator implements KeyedProcessFunction<String, PartialDelta, ExperimentStatsRow> {
  private ValueState<Partial> partial;
  private int task;

  @Override
  public void open(RuntimeContext runtime) {
    partial = runtime.state(ValueStateDescriptor.of("partial", Serdes.json(Partial.class)));
    task = runtime.task().index();
  }

  @Override
  public void processElement(PartialDelta d, Context<String, ExperimentStatsRow> ctx) {
    Partial p = partial.value();
    SufficientSums sums = p == null ? SufficientSums.ZERO : p.sums();
    long version = p == null ? 0 : p.version();
    partial.update(new Partial(d.id(), sums.minus(d.remove()).plus(d.add()), version, true));
    ctx.timerService().registerEventTimeTimer(ctx.timestamp());
  }

  @Override
  public void onTimer(long timestamp, Context<String, ExperimentStatsRow> ctx) {
    Partial p = partial.value();
    if (p == null || !p.dirty()) {
      return;
    }
    long version = p.version() + 1;
    long w = ctx.timerService().currentWatermark();
    // At the end of a bounded run the watermark is the end of time; the row says how far the data went.
    Instant watermark = Instant.ofEpochMilli(w == Watermarks.END_OF_TIME ? timestamp : w);
    PartialId id = p.id();
    LocalDate day = LocalDate.ofEpochDay(id.epochDay());
    ExperimentStatsRow row = id.kind() == Kind.METRIC
        ? StatsRows.metricRow(task, version, watermark, id.experiment(), id.variant(), id.metric(),
            MetricType.parse(id.metricType()), id.cuped(), day, p.sums())
        : ExperimentStatsRow.count(id.kind(), task, version, watermark, id.experiment(), id.variant(), day,
            p.sums().users());
    ctx.collect(row);
    partial.update(new Partial(id, p.sums(), version, false));
  }
}
