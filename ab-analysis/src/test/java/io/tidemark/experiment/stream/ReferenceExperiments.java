package io.tidemark.experiment.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.events.Envelope;
import io.tidemark.experiment.lake.SufficientSums;
import io.tidemark.experiment.metrics.MetricDefinition;
import io.tidemark.experiment.metrics.MetricKind;
import io.tidemark.experiment.metrics.MetricsConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A plain-Java reference of what the experiment operators must produce, straight from the
 * definitions over the whole event set at once: no state, no timers, no order.
 */
public final class ReferenceExperiments {
  /** A unit's expected row (values) per experiment and metric. */
  public record Expected(String experiment, String unit, String variant, long firstExposure, String metric, double value,
      Double denominator, Double covariate, Double covariateDenominator) {}

  /** Units excluded for multiple exposure, per experiment. */
  public record Result(List<Expected> rows, Map<String, Long> excluded, Map<String, Map<String, Long>> exposed) {}

  private ReferenceExperiments() {}

  public static Result compute(MetricsConfig config, Collection<Envelope> events) {
    Map<String, List<Envelope>> byUnit = new TreeMap<>();
    for (Envelope e : events) {
      byUnit.computeIfAbsent(e.anonymousId(), u -> new ArrayList<>()).add(e);
    }
    List<Expected> rows = new ArrayList<>();
    Map<String, Long> excluded = new TreeMap<>();
    Map<String, Map<String, Long>> exposed = new TreeMap<>();
    for (Map.Entry<String, List<Envelope>> u : byUnit.entrySet()) {
      Map<String, TreeSet<String>> variants = new TreeMap<>();
      Map<String, Long> first = new HashMap<>();
      for (Envelope e : u.getValue()) {
        if (!"Experiment Viewed".equals(e.event())) {
          continue;
        }
        String x = text(e, "experiment_id", "experimentId");
        String v = text(e, "variation_id", "variationId");
        variants.computeIfAbsent(x, k -> new TreeSet<>()).add(v);
        first.merge(x, Envelopes.time(e), Math::min);
      }
      for (String x : variants.keySet()) {
        if (variants.get(x).size() > 1) {
          excluded.merge(x, 1L, Long::sum);
          continue;
        }
        String variant = variants.get(x).first();
        exposed.computeIfAbsent(x, k -> new TreeMap<>()).merge(variant, 1L, Long::sum);
        long f = first.get(x);
        List<MetricDefinition> metrics = config.experiment(x).map(config::metricsOf).orElse(config.metrics());
        for (MetricDefinition m : metrics) {
          Long lb = m.cuped() ? m.covariateLookback().toMillis() : null;
          double value;
          Double den = null;
          Double cov = null;
          Double covDen = null;
          if (m.kind() == MetricKind.SESSION_DURATION) {
            List<Double> post = sessionValues(m, u.getValue(), f, f + window(m));
            value = post.stream().mapToDouble(Double::doubleValue).sum();
            den = (double) post.size();
            if (lb != null) {
              List<Double> pre = sessionValues(m, u.getValue(), f - lb, f);
              cov = pre.stream().mapToDouble(Double::doubleValue).sum();
              covDen = (double) pre.size();
            }
          } else if (m.kind() == MetricKind.RATIO) {
            MetricDefinition n = config.metric(m.numerator()).orElseThrow();
            MetricDefinition d = config.metric(m.denominator()).orElseThrow();
            value = base(n, u.getValue(), f, f + window(n));
            den = base(d, u.getValue(), f, f + window(d));
            if (lb != null) {
              cov = base(n, u.getValue(), f - lb, f);
              covDen = base(d, u.getValue(), f - lb, f);
            }
          } else if (m.kind() == MetricKind.MEAN) {
            List<Double> post = values(m, u.getValue(), f, f + window(m));
            value = post.stream().mapToDouble(Double::doubleValue).sum();
            den = (double) post.size();
            if (lb != null) {
              List<Double> pre = values(m, u.getValue(), f - lb, f);
              cov = pre.stream().mapToDouble(Double::doubleValue).sum();
              covDen = (double) pre.size();
            }
          } else {
            value = base(m, u.getValue(), f, f + window(m));
            cov = lb == null ? null : base(m, u.getValue(), f - lb, f);
          }
          rows.add(new Expected(x, u.getKey(), variant, f, m.id(), value, den, cov, covDen));
        }
      }
    }
    return new Result(rows, excluded, exposed);
  }

  /** Sums per (experiment, variant, metric) of the expected rows. */
  public static Map<String, SufficientSums> sums(Result r) {
    Map<String, SufficientSums> out = new TreeMap<>();
    for (Expected e : r.rows()) {
      out.merge(e.experiment() + "/" + e.variant() + "/" + e.metric(),
          SufficientSums.ofUnit(e.value(), e.denominator(), e.covariate(), e.covariateDenominator()),
          SufficientSums::plus);
    }
    return out;
  }

  private static long window(MetricDefinition m) {
    return m.window() == null ? Long.MAX_VALUE / 4 : m.window().toMillis();
  }

  /** A base metric's value over events (sessions) starting in [from, to). */
  private static double base(MetricDefinition m, List<Envelope> events, long from, long to) {
    List<Double> v = m.kind() == MetricKind.SESSIONS ? sessionValues(m, events, from, to) : values(m, events, from, to);
    return switch (m.kind()) {
      case CONVERSION -> v.isEmpty() ? 0 : 1;
      case COUNT, SESSIONS -> v.size();
      case SUM -> v.stream().mapToDouble(Double::doubleValue).sum();
      default -> throw new IllegalArgumentException(m.kind().toString());
    };
  }

  /** The values (1, or the capped property) of the metric's events in [from, to). */
  private static List<Double> values(MetricDefinition m, List<Envelope> events, long from, long to) {
    List<Double> out = new ArrayList<>();
    for (Envelope e : events) {
      long t = Envelopes.time(e);
      if (t < from || t >= to || !m.event().equals(e.event())) {
        continue;
      }
      boolean where = m.where().entrySet().stream()
          .allMatch(w -> e.properties().has(w.getKey()) && e.properties().get(w.getKey()).asText().equals(w.getValue()));
      if (!where) {
        continue;
      }
      if (m.property() == null) {
        out.add(1.0);
      } else {
        JsonNode n = e.properties().get(m.property());
        if (n != null && n.isNumber()) {
          double v = n.doubleValue();
          out.add(m.cap() != null && m.kind() == MetricKind.MEAN ? Math.min(v, m.cap().value()) : v);
        }
      }
    }
    return out;
  }

  /**
   * One value per session of the unit starting in [from, to): its duration in seconds (capped),
   * or 1. A session: the unit's events, any kind, sorted, split where two are over 30 minutes apart.
   */
  private static List<Double> sessionValues(MetricDefinition m, List<Envelope> events, long from, long to) {
    long[] times = events.stream().mapToLong(Envelopes::time).sorted().toArray();
    List<Double> out = new ArrayList<>();
    int i = 0;
    while (i < times.length) {
      int j = i;
      while (j + 1 < times.length && times[j + 1] - times[j] <= 30 * 60_000L) {
        j++;
      }
      if (times[i] >= from && times[i] < to) {
        double seconds = (times[j] - times[i]) / 1000.0;
        out.add(m.kind() == MetricKind.SESSIONS ? 1.0 : Math.min(seconds, m.cap() == null ? seconds : m.cap().value()));
      }
      i = j + 1;
    }
    return out;
  }

  private static String text(Envelope e, String snake, String camel) {
    JsonNode n = e.properties().has(snake) ? e.properties().get(snake) : e.properties().get(camel);
    return n.asText();
  }
}
