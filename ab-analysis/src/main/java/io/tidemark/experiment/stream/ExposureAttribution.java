package io.tidemark.experiment.stream;

import io.tidemark.engine.api.KeyedProcessFunction;
import io.tidemark.engine.api.RuntimeContext;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.state.ValueState;
import io.tidemark.engine.state.ValueStateDescriptor;
import io.tidemark.engine.time.Watermarks;
import io.tidemark.events.Envelope;
import io.tidemark.lake.datasets.ExperimentUnitRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per device (keyed by {@code anonymousId}): attributes the device to variants and computes its
 * metric values; writes {@code experiment_units} rows as its output and the changes of the
 * per-task partials to {@link ExperimentStream#DELTAS}.
 *
 * <p>Records only update state and set an event-time timer at the end of their emission tick plus
 * the allowed lateness; the timer recomputes the device's values from its state and writes what
 * changed. The device's cleanup timer (a unit TTL after its last activity) is lazy: set when the
 * device enters state, and on each firing at the current last activity plus the TTL, so a record
 * adds at most one timer (one per emission tick, and none when its tick's timer is set). The values are a function of the set of events received, never of their order, so
 * the final rows of a bounded run do not depend on arrival order. Records further than the allowed
 * lateness behind the watermark change nothing; exposures, metric events, and (with session
 * metrics) any event of a device attributed to an experiment go to {@link
 * ExperimentStream#LATE_EVENTS}. Other late events are not the experiments' concern (they are in
 * the raw archive and the sessionizer's output) and are left out of it.
 */
final class ExposureAttribution implements KeyedProcessFunction<String, Envelope, ExperimentUnitRow> {
  private static final Comparator<HistoryEvent> ORDER =
      Comparator.comparingLong(HistoryEvent::time).thenComparing(e -> e.hits().toString());

  private final ExperimentStreamSettings settings;
  private final MetricPlan plan;
  private final long lateness;
  private final long tick;
  private final long retention;
  private ValueState<DeviceState> device;
  private long unitTtl;
  private int task;

  ExposureAttribution(ExperimentStreamSettings settings) {
    this.settings = settings;
    this.plan = new MetricPlan(settings.metrics());
    this.lateness = settings.allowedLateness().toMillis();
    this.tick = settings.emitEvery().toMillis();
    this.retention = settings.historyRetentionMillis();
  }

  @Override
  public void open(RuntimeContext runtime) {
    // No engine TTL: at the end of a bounded run the watermark is the end of time, where every value
    // with a TTL reads as expired, and the last emission needs the state. A cleanup timer drops it.
    device = runtime.state(ValueStateDescriptor.of("device", Serdes.json(DeviceState.class)));
    unitTtl = settings.unitTtl().toMillis();
    task = runtime.task().index();
  }

  @Override
  public void processElement(Envelope e, Context<String, ExperimentUnitRow> ctx) {
    long t = ctx.timestamp();
    long watermark = ctx.timerService().currentWatermark();
    Exposure exposure = Exposure.of(e, settings.exposureEvent());
    List<Hit> hits = plan.hits(e);
    if (exposure == null && hits.isEmpty() && !plan.sessions()) {
      return;
    }
    if (watermark != Watermarks.MIN && t < watermark - lateness) {
      // An event kept only for session metrics matters to experiments only if its device has a unit.
      if (exposure != null || !hits.isEmpty() || hasUnits(device.value())) {
        ctx.output(ExperimentStream.LATE_EVENTS, new LateEvent(e, Instant.ofEpochMilli(watermark)));
      }
      return;
    }
    DeviceState s = device.value();
    boolean fresh = s == null;
    if (fresh) {
      s = DeviceState.EMPTY;
    }
    Map<String, UnitState> units = s.units();
    if (exposure != null) {
      units = new TreeMap<>(units);
      UnitState u = units.get(exposure.experiment());
      units.put(exposure.experiment(),
          u == null ? UnitState.first(exposure.variant(), t) : u.exposed(exposure.variant(), t));
    }
    List<HistoryEvent> history = s.history();
    if (!hits.isEmpty()) {
      history = new ArrayList<>(history);
      HistoryEvent h = new HistoryEvent(t, hits);
      int at = Collections.binarySearch(history, h, ORDER);
      history.add(at < 0 ? -at - 1 : at, h);
    }
    List<Long> activity = s.activity();
    if (plan.sessions()) {
      int at = Collections.binarySearch(activity, t);
      if (at < 0) {
        activity = new ArrayList<>(activity);
        activity.add(-at - 1, t);
      }
    }
    long last = Math.max(s.lastActivity(), t);
    device.update(new DeviceState(history, activity, units, last));
    ctx.timerService().registerEventTimeTimer(emissionTime(t));
    if (fresh) {
      // Later events do not move it: a firing before the TTL is due sets the timer at the current due time.
      ctx.timerService().registerEventTimeTimer(saturatedAdd(last, unitTtl));
    }
  }

  @Override
  public void onTimer(long timestamp, Context<String, ExperimentUnitRow> ctx) {
    DeviceState s = device.value();
    if (s == null) {
      return;
    }
    long watermark = ctx.timerService().currentWatermark();
    if (watermark != Watermarks.END_OF_TIME && timestamp >= saturatedAdd(s.lastActivity(), unitTtl)) {
      device.clear();
      return;
    }
    List<Session> sessions = Session.of(s.activity());
    UnitValues.Recent recent = new UnitValues.Recent(s.history(), sessions);
    Map<String, UnitState> units = new TreeMap<>();
    for (Map.Entry<String, UnitState> u : s.units().entrySet()) {
      units.put(u.getKey(), emit(ctx, u.getKey(), ctx.key(), u.getValue(), recent));
    }
    List<HistoryEvent> history = s.history();
    List<Long> activity = s.activity();
    if (watermark != Watermarks.END_OF_TIME) {
      long boundary = watermark - retention;
      int events = 0;
      while (events < history.size() && history.get(events).time() < boundary) {
        events++;
      }
      // A session leaves only once complete: no accepted event can be within the gap of its end.
      int done = 0;
      int times = 0;
      while (done < sessions.size() && sessions.get(done).end() + Session.GAP_MILLIS < boundary) {
        times = Collections.binarySearch(activity, sessions.get(done).end()) + 1;
        done++;
      }
      if (events > 0 || done > 0) {
        UnitValues.Recent leaving = new UnitValues.Recent(history.subList(0, events), sessions.subList(0, done));
        units.replaceAll((experiment, u) -> u.withSettled(UnitValues.fold(plan, experiment, u, leaving)));
        history = List.copyOf(history.subList(events, history.size()));
        activity = List.copyOf(activity.subList(times, activity.size()));
      }
      // Fold the rest even if the device stays quiet, before its state is dropped.
      long next = Long.MAX_VALUE;
      if (!history.isEmpty()) {
        next = history.get(0).time() + retention + 1;
      }
      if (done < sessions.size()) {
        next = Math.min(next, sessions.get(done).end() + Session.GAP_MILLIS + retention + 1);
      }
      if (next != Long.MAX_VALUE) {
        ctx.timerService().registerEventTimeTimer(next);
      }
      long ttlDue = saturatedAdd(s.lastActivity(), unitTtl);
      if (ttlDue > timestamp) {
        ctx.timerService().registerEventTimeTimer(ttlDue);
      }
    }
    device.update(new DeviceState(history, activity, units, s.lastActivity()));
  }

  /** Writes the unit's rows and partial deltas if anything changed; returns the state with what was written. */
  private UnitState emit(Context<String, ExperimentUnitRow> ctx, String experiment, String unit, UnitState u,
      UnitValues.Recent recent) {
    boolean excluded = u.multiple();
    Map<String, UnitValue> values = excluded ? Map.of() : UnitValues.of(plan, experiment, u, recent);
    Emitted last = u.emitted();
    if (last != null && last.excluded() == excluded && last.variant().equals(u.variant())
        && last.firstExposure() == u.firstExposure() && last.values().equals(values)) {
      return u;
    }
    long version = last == null ? 1 : last.version() + 1;
    Emitted now = new Emitted(u.variant(), u.firstExposure(), excluded, values, version);
    boolean moved = last == null || last.excluded() || !last.variant().equals(now.variant())
        || last.firstExposure() != now.firstExposure();
    if (excluded && last != null && !last.excluded()) {
      last.values().forEach((metric, v) -> ctx.collect(row(experiment, unit, last, metric, v, version, true)));
    } else if (!excluded) {
      values.forEach((metric, v) -> {
        if (moved || !v.equals(last.values().get(metric))) {
          ctx.collect(row(experiment, unit, now, metric, v, version, false));
        }
      });
    }
    for (PartialDelta d : Contributions.deltas(Contributions.of(plan, experiment, last),
        Contributions.of(plan, experiment, now))) {
      ctx.output(ExperimentStream.DELTAS, d);
    }
    return u.withEmitted(now);
  }

  private ExperimentUnitRow row(String experiment, String unit, Emitted e, String metric, UnitValue v, long version,
      boolean deleted) {
    return new ExperimentUnitRow(experiment, unit, e.variant(), metric, Instant.ofEpochMilli(e.firstExposure()),
        version, deleted, task, v.value(), v.denominator(), v.covariate(), v.covariateDenominator());
  }

  private static boolean hasUnits(DeviceState s) {
    return s != null && !s.units().isEmpty();
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return r < a ? Long.MAX_VALUE : r;
  }

  /** The end of {@code t}'s emission tick plus the allowed lateness, saturating. */
  private long emissionTime(long t) {
    long end = Math.floorDiv(t, tick) * tick + (tick - 1);
    long at = end + lateness;
    return at < end ? Long.MAX_VALUE : at;
  }
}
