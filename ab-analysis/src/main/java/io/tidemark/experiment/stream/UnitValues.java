package io.tidemark.experiment.stream;

import io.tidemark.experiment.metrics.Cap;
import io.tidemark.experiment.metrics.MetricDefinition;
import io.tidemark.experiment.metrics.MetricKind;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A unit's metric values from its tallies, as {@link io.tidemark.experiment.metrics.MetricKind}
 * defines them: conversion 1/0, count, sum, mean as Σvalue over the event count, sessions started,
 * session duration as Σseconds over sessions, ratio as the numerator metric's value over the
 * denominator metric's value; with CUPED the same over the pre-exposure period. Sessions count by
 * their start time. A ratio's components use their own windows and the ratio's lookback.
 */
final class UnitValues {
  private UnitValues() {}

  /** Where a unit's events and sessions are: the device's recent ones (the settled ones are in the unit). */
  record Recent(List<HistoryEvent> events, List<Session> sessions) {}

  static Map<String, UnitValue> of(MetricPlan plan, String experiment, UnitState unit, Recent recent) {
    Map<String, UnitValue> values = new TreeMap<>();
    for (MetricDefinition m : plan.reported(experiment)) {
      Long lookback = m.cuped() ? m.covariateLookback().toMillis() : null;
      boolean cuped = lookback != null;
      if (m.kind() == MetricKind.RATIO) {
        MetricDefinition num = plan.metric(m.numerator());
        MetricDefinition den = plan.metric(m.denominator());
        Tally n = tally(unit, recent, m, num, lookback);
        Tally d = tally(unit, recent, m, den, lookback);
        values.put(m.id(), new UnitValue(post(num.kind(), n), post(den.kind(), d),
            cuped ? pre(num.kind(), n) : null, cuped ? pre(den.kind(), d) : null));
      } else if (m.kind().capsEachEvent()) { // mean, session_duration: Σvalue over the number of events/sessions
        Tally t = tally(unit, recent, m, m, lookback);
        values.put(m.id(), new UnitValue(t.postSum(), (double) t.postCount(),
            cuped ? t.preSum() : null, cuped ? (double) t.preCount() : null));
      } else {
        Tally t = tally(unit, recent, m, m, lookback);
        values.put(m.id(), new UnitValue(post(m.kind(), t), null, cuped ? pre(m.kind(), t) : null, null));
      }
    }
    return values;
  }

  /** The settled tallies after folding {@code leaving} (events and complete sessions leaving the device state) into them. */
  static Map<String, Tally> fold(MetricPlan plan, String experiment, UnitState unit, Recent leaving) {
    Map<String, Tally> settled = new TreeMap<>(unit.settled());
    for (MetricDefinition m : plan.reported(experiment)) {
      Long lookback = m.cuped() ? m.covariateLookback().toMillis() : null;
      List<MetricDefinition> parts = m.kind() == MetricKind.RATIO
          ? List.of(plan.metric(m.numerator()), plan.metric(m.denominator())) : List.of(m);
      for (MetricDefinition c : parts) {
        Tally add = tallyOf(leaving, unit.firstExposure(), c, lookback);
        if (!add.equals(Tally.ZERO)) {
          settled.merge(key(m, c), add, Tally::plus);
        }
      }
    }
    return settled;
  }

  private static Tally tally(UnitState unit, Recent recent, MetricDefinition reported, MetricDefinition component,
      Long lookback) {
    Tally settled = unit.settled().getOrDefault(key(reported, component), Tally.ZERO);
    return settled.plus(tallyOf(recent, unit.firstExposure(), component, lookback));
  }

  private static Tally tallyOf(Recent recent, long firstExposure, MetricDefinition c, Long lookback) {
    Long window = c.window() == null ? null : c.window().toMillis();
    Tally sum = Tally.ZERO;
    if (MetricPlan.readsSessions(c.kind())) {
      for (Session s : recent.sessions()) {
        double v = c.kind() == MetricKind.SESSIONS ? 1 : s.seconds();
        if (c.cap() != null && c.kind().capsEachEvent()) {
          v = Cap.apply(v, c.cap().value());
        }
        sum = sum.plus(Tally.of(s.start(), v, firstExposure, window, lookback));
      }
      return sum;
    }
    long postCount = 0;
    long preCount = 0;
    double postSum = 0;
    double preSum = 0;
    for (HistoryEvent e : recent.events()) {
      for (Hit h : e.hits()) {
        if (h.metric().equals(c.id())) {
          Tally t = Tally.of(e.time(), h.value(), firstExposure, window, lookback);
          postCount += t.postCount();
          postSum += t.postSum();
          preCount += t.preCount();
          preSum += t.preSum();
        }
      }
    }
    return new Tally(postCount, postSum, preCount, preSum);
  }

  private static String key(MetricDefinition reported, MetricDefinition component) {
    return reported.id() + "/" + component.id();
  }

  private static double post(MetricKind kind, Tally t) {
    return value(kind, t.postCount(), t.postSum());
  }

  private static double pre(MetricKind kind, Tally t) {
    return value(kind, t.preCount(), t.preSum());
  }

  private static double value(MetricKind kind, long count, double sum) {
    return switch (kind) {
      case CONVERSION -> count > 0 ? 1 : 0;
      case COUNT, SESSIONS -> count;
      case SUM -> sum;
      default -> throw new IllegalStateException("not a ratio component kind: " + kind);
    };
  }
}
