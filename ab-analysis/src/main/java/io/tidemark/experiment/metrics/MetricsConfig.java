package io.tidemark.experiment.metrics;

import io.tidemark.experiment.stats.AnalysisSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The metrics configuration shared by the stream (which computes the per-unit values and partial
 * sums) and {@code tidemark report} (which analyses them): analysis settings, metric definitions
 * and experiments. Format in the README, "Experiments"; read with {@link #load(Path)}.
 */
public record MetricsConfig(
    AnalysisSettings settings, List<MetricDefinition> metrics, List<ExperimentDefinition> experiments) {

  /** The pre-exposure period of a CUPED covariate unless the file says otherwise. */
  public static final Duration DEFAULT_COVARIATE_LOOKBACK = Duration.ofDays(14);

  public MetricsConfig {
    Objects.requireNonNull(settings, "settings");
    metrics = List.copyOf(metrics);
    experiments = List.copyOf(experiments);
    Map<String, MetricDefinition> byId = new HashMap<>();
    for (MetricDefinition m : metrics) {
      if (byId.put(m.id(), m) != null) {
        throw new IllegalArgumentException("metric " + m.id() + " is defined twice");
      }
    }
    for (MetricDefinition m : metrics) {
      if (m.kind() == MetricKind.RATIO) {
        component(byId, m, m.numerator());
        component(byId, m, m.denominator());
      }
    }
    for (ExperimentDefinition e : experiments) {
      for (String metric : e.metrics()) {
        if (!byId.containsKey(metric)) {
          throw new IllegalArgumentException("experiment " + e.id() + " lists unknown metric " + metric);
        }
      }
    }
    if (experiments.stream().map(ExperimentDefinition::id).distinct().count() != experiments.size()) {
      throw new IllegalArgumentException("an experiment is defined twice");
    }
  }

  /** No file: default settings, no definitions (the report shows what the lake holds). */
  public static MetricsConfig empty() {
    return new MetricsConfig(AnalysisSettings.defaults(), List.of(), List.of());
  }

  /**
   * What the worker and replay compute when no metrics file is given: every experiment is still
   * attributed (units per variant, SRM, multiple exposure) and gets two metrics that need no
   * configuration, {@code sessions} (sessions started per unit) and {@code session_duration} (mean
   * session length in seconds). Default analysis settings; no experiment definitions.
   */
  public static MetricsConfig builtIn() {
    return new MetricsConfig(AnalysisSettings.defaults(), List.of(
        new MetricDefinition("sessions", MetricKind.SESSIONS, null, null, null, null, null, null, null, null, false),
        new MetricDefinition("session_duration", MetricKind.SESSION_DURATION, null, null, null, null, null, null, null,
            null, false)),
        List.of());
  }

  /** Reads a JSON file, or YAML when the name ends in {@code .yaml}/{@code .yml}. */
  public static MetricsConfig load(Path file) throws InvalidMetricsConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidMetricsConfigException(List.of(file + ": no such file"));
    } catch (IOException e) {
      throw new InvalidMetricsConfigException(List.of(file + ": cannot read: " + e.getMessage()));
    }
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return MetricsConfigReader.read(text, name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  /** Reads configuration text, JSON or YAML. */
  public static MetricsConfig parse(String text, boolean yaml) throws InvalidMetricsConfigException {
    return MetricsConfigReader.read(text, yaml);
  }

  public Optional<MetricDefinition> metric(String id) {
    return metrics.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  public Optional<ExperimentDefinition> experiment(String id) {
    return experiments.stream().filter(e -> e.id().equals(id)).findFirst();
  }

  /** The metrics an experiment reports: its own list, or every metric when it lists none. */
  public List<MetricDefinition> metricsOf(ExperimentDefinition experiment) {
    if (experiment.metrics().isEmpty()) {
      return metrics;
    }
    return experiment.metrics().stream().map(id -> metric(id).orElseThrow()).toList();
  }

  private static void component(Map<String, MetricDefinition> byId, MetricDefinition ratio, String id) {
    MetricDefinition c = byId.get(id);
    if (c == null) {
      throw new IllegalArgumentException("ratio " + ratio.id() + " refers to unknown metric " + id);
    }
    if (c.type() == MetricType.RATIO) {
      throw new IllegalArgumentException("ratio " + ratio.id() + " component " + id + " is itself a ratio");
    }
  }
}
