package io.tidemark.experiment.stream;

import io.tidemark.experiment.metrics.MetricDefinition;
import io.tidemark.experiment.metrics.MetricKind;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A unit's metric values from its tallies, as {@link io.tidemark.experiment.metrics.MetricKind}
 * defines them: conversion 1/0, count, sum, mean as Σvalue over the event count, ratio as the
 * numerator metric's value over the denominator metric's value; with CUPED the same over the
 * pre-exposure period. A ratio's components use their own windows and the ratio's lookback.
 */
final class UnitValues {
  private UnitValues() {}

  static Map<String, UnitValue> of(MetricPlan plan, String experiment, UnitState unit, List<HistoryEvent> history) {
    Map<String, UnitValue> values = new TreeMap<>();
    for (MetricDefinition m : plan.reported(experiment)) {
      Long lookback = m.cuped() ? m.covariateLookback().toMillis() : null;
      boolean cuped = lookback != null;
      if (m.kind() == MetricKind.RATIO) {
        MetricDefinition num = plan.metric(m.numerator());
        MetricDefinition den = plan.metric(m.denominator());
        Tally n = tally(unit, history, m, num, lookback);
        Tally d = tally(unit, history, m, den, lookback);
        values.put(m.id(), new UnitValue(post(num.kind(), n), post(den.kind(), d),
            cuped ? pre(num.kind(), n) : null, cuped ? pre(den.kind(), d) : null));
      } else if (m.kind() == MetricKind.MEAN) {
        Tally t = tally(unit, history, m, m, lookback);
        values.put(m.id(), new UnitValue(t.postSum(), (double) t.postCount(),
            cuped ? t.preSum() : null, cuped ? (double) t.preCount() : null));
      } else {
        Tally t = tally(unit, history, m, m, lookback);
        values.put(m.id(), new UnitValue(post(m.kind(), t), null, cuped ? pre(m.kind(), t) : null, null));
      }
    }
    return values;
  }

  /** The settled tallies after folding {@code events} (leaving the history) into them. */
  static Map<String, Tally> fold(MetricPlan plan, String experiment, UnitState unit, List<HistoryEvent> events) {
    Map<String, Tally> settled = new TreeMap<>(unit.settled());
    for (MetricDefinition m : plan.reported(experiment)) {
      Long lookback = m.cuped() ? m.covariateLookback().toMillis() : null;
      List<MetricDefinition> parts = m.kind() == MetricKind.RATIO
          ? List.of(plan.metric(m.numerator()), plan.metric(m.denominator())) : List.of(m);
      for (MetricDefinition c : parts) {
        Tally add = tallyOf(events, unit.firstExposure(), c, lookback);
        if (!add.equals(Tally.ZERO)) {
          settled.merge(key(m, c), add, Tally::plus);
        }
      }
    }
    return settled;
  }

  private static Tally tally(UnitState unit, List<HistoryEvent> history, MetricDefinition reported,
      MetricDefinition component, Long lookback) {
    Tally settled = unit.settled().getOrDefault(key(reported, component), Tally.ZERO);
    return settled.plus(tallyOf(history, unit.firstExposure(), component, lookback));
  }

  private static Tally tallyOf(List<HistoryEvent> events, long firstExposure, MetricDefinition c, Long lookback) {
    Long window = c.window() == null ? null : c.window().toMillis();
    long postCount = 0;
    long preCount = 0;
    double postSum = 0;
    double preSum = 0;
    for (HistoryEvent e : events) {
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
      case COUNT -> count;
      case SUM, MEAN -> sum;
      default -> throw new IllegalStateException("not a base metric kind: " + kind);
    };
  }
}
