package io.tidemark.experiment.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.events.Envelope;
import io.tidemark.events.EventType;
import io.tidemark.experiment.metrics.Cap;
import io.tidemark.experiment.metrics.MetricDefinition;
import io.tidemark.experiment.metrics.MetricKind;
import io.tidemark.experiment.metrics.MetricsConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured metrics as the stream uses them: which base metrics (conversion, count, sum,
 * mean) an event counts toward, and which metrics each experiment reports.
 *
 * <p>Session metrics ({@code sessions}, {@code session_duration}) read the device's gap sessions
 * ({@link Session}), so when one is configured every event of a device is kept, not only the
 * metric-relevant ones.
 */
final class MetricPlan {
  private final MetricsConfig config;
  private final Map<String, List<MetricDefinition>> byEvent = new HashMap<>();
  private final Map<String, List<MetricDefinition>> reported = new HashMap<>();
  private final boolean sessions;

  MetricPlan(MetricsConfig config) {
    this.config = config;
    this.sessions = config.metrics().stream().anyMatch(m -> readsSessions(m.kind()));
    for (MetricDefinition m : config.metrics()) {
      if (m.kind().countsEvents()) {
        byEvent.computeIfAbsent(m.event(), e -> new ArrayList<>()).add(m);
      }
    }
  }

  /** Whether a metric reads sessions rather than events. */
  static boolean readsSessions(MetricKind kind) {
    return kind == MetricKind.SESSIONS || kind == MetricKind.SESSION_DURATION;
  }

  /** Whether any configured metric reads sessions (then every event's time is kept). */
  boolean sessions() {
    return sessions;
  }

  /** The metrics {@code experiment} reports: its list, or every metric when it is not configured. */
  List<MetricDefinition> reported(String experiment) {
    return reported.computeIfAbsent(experiment,
        e -> config.experiment(e).map(config::metricsOf).orElse(config.metrics()));
  }

  /** The base metric a ratio's numerator or denominator names. */
  MetricDefinition metric(String id) {
    return config.metric(id).orElseThrow(() -> new IllegalStateException("unknown metric " + id));
  }

  /** The base metrics this event counts toward; empty for most events. */
  List<Hit> hits(Envelope e) {
    if (e.type() != EventType.TRACK || e.event() == null) {
      return List.of();
    }
    List<MetricDefinition> candidates = byEvent.get(e.event());
    if (candidates == null) {
      return List.of();
    }
    List<Hit> hits = new ArrayList<>(candidates.size());
    for (MetricDefinition m : candidates) {
      if (!matchesWhere(m, e)) {
        continue;
      }
      if (!m.kind().readsProperty()) {
        hits.add(new Hit(m.id(), 1));
        continue;
      }
      Double v = number(e.properties().get(m.property()));
      if (v == null) {
        continue; // an event without the number does not count, not even in a mean's denominator
      }
      if (m.kind().capsEachEvent() && m.cap() != null) {
        v = Cap.apply(v, m.cap().value());
      }
      hits.add(new Hit(m.id(), v));
    }
    return hits;
  }

  private static boolean matchesWhere(MetricDefinition m, Envelope e) {
    for (Map.Entry<String, String> w : m.where().entrySet()) {
      JsonNode n = e.properties().get(w.getKey());
      if (n == null || n.isNull() || n.isContainerNode() || !w.getValue().equals(n.asText())) {
        return false;
      }
    }
    return true;
  }

  private static Double number(JsonNode n) {
    if (n == null) {
      return null;
    }
    if (n.isNumber()) {
      double d = n.doubleValue();
      return Double.isFinite(d) ? d : null;
    }
    if (n.isTextual()) {
      try {
        double d = Double.parseDouble(n.textValue().trim());
        return Double.isFinite(d) ? d : null;
      } catch (NumberFormatException ex) {
        return null;
      }
    }
    return null;
  }
}
