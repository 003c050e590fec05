package io.tidemark.experiment.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tidemark.experiment.stats.AnalysisSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks a metrics configuration; every problem is listed with its path, none stops
 * the reading of the rest. Cross-references (ratio components, experiments' metric lists) are
 * checked once every metric is read.
 */
final class MetricsConfigReader {
  private static final Set<String> FIELDS = Set.of("settings", "defaults", "metrics", "experiments");
  private static final Set<String> DEFAULT_FIELDS = Set.of("covariate_lookback");
  private static final Set<String> METRIC_FIELDS = Set.of("id", "kind", "event", "property", "where", "window",
      "numerator", "denominator", "cap", "cuped", "inverse", "description");
  private static final Set<String> EXPERIMENT_FIELDS = Set.of("id", "variants", "weights", "metrics", "description");
  private static final Set<String> CAP_FIELDS = Set.of("absolute", "percentile");
  private static final Set<String> CUPED_FIELDS = Set.of("lookback");

  private final ConfigProblems problems = new ConfigProblems();
  /** Every well-formed metric id, in file order, including those of metrics with problems. */
  private final Set<String> declared = new java.util.LinkedHashSet<>();
  private Duration defaultLookback = MetricsConfig.DEFAULT_COVARIATE_LOOKBACK;

  private MetricsConfigReader() {}

  static MetricsConfig read(String text, boolean yaml) throws InvalidMetricsConfigException {
    JsonNode root;
    try {
      root = (yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper()).readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidMetricsConfigException(List.of("not valid " + (yaml ? "YAML" : "JSON") + ": "
          + e.getOriginalMessage() + (e.getLocation() == null ? ""
              : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")")));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidMetricsConfigException(List.of("the configuration must be an object"));
    }
    return new MetricsConfigReader().read(root);
  }

  private MetricsConfig read(JsonNode root) throws InvalidMetricsConfigException {
    problems.unknownFields(root, "", FIELDS);
    AnalysisSettings settings = SettingsSection.read(root.get("settings"), problems);
    readDefaults(root.get("defaults"));
    Map<String, MetricDefinition> metrics = new LinkedHashMap<>();
    Map<String, String> paths = new HashMap<>();
    JsonNode list = root.get("metrics");
    if (list != null && !list.isArray()) {
      problems.add("metrics", "must be a list of metric definitions");
    } else if (list != null) {
      for (int i = 0; i < list.size(); i++) {
        String path = "metrics[" + i + "]";
        MetricDefinition m = metric(list.get(i), path);
        if (m != null) {
          metrics.put(m.id(), m);
          paths.put(m.id(), path);
        }
      }
    }
    for (MetricDefinition m : metrics.values()) {
      if (m.kind() == MetricKind.RATIO) {
        component(metrics, paths.get(m.id()) + ".numerator", m.numerator());
        component(metrics, paths.get(m.id()) + ".denominator", m.denominator());
      }
    }
    List<ExperimentDefinition> experiments = experiments(root.get("experiments"), declared);
    if (!problems.isEmpty()) {
      throw new InvalidMetricsConfigException(problems.list());
    }
    return new MetricsConfig(settings, List.copyOf(metrics.values()), experiments);
  }

  private void readDefaults(JsonNode node) {
    if (node == null || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      problems.add("defaults", "must be an object");
      return;
    }
    problems.unknownFields(node, "defaults", DEFAULT_FIELDS);
    Duration lookback = problems.duration(node, "defaults", "covariate_lookback");
    if (lookback != null) {
      defaultLookback = lookback;
    }
  }

  private MetricDefinition metric(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      problems.add(path, "must be an object");
      return null;
    }
    int before = problems.size();
    problems.unknownFields(node, path, METRIC_FIELDS);
    String id = problems.id(node, path);
    if (id != null && !declared.add(id)) {
      problems.add(path + ".id", "duplicate metric id " + id);
    }
    MetricKind kind = kind(node, path);
    String event = problems.text(node, path, "event");
    String property = problems.text(node, path, "property");
    Map<String, String> where = where(node.get("where"), path + ".where");
    Duration window = problems.duration(node, path, "window");
    String numerator = problems.text(node, path, "numerator");
    String denominator = problems.text(node, path, "denominator");
    Cap cap = cap(node.get("cap"), path + ".cap");
    Duration lookback = cuped(node.get("cuped"), path + ".cuped");
    boolean inverse = Boolean.TRUE.equals(problems.bool(node, path, "inverse"));
    if (kind != null) {
      String k = kind.text();
      if (kind.countsEvents() && event == null) {
        problems.add(path + ".event", "missing (a " + k + " metric counts a track event, e.g. Order Completed)");
      }
      if (!kind.countsEvents() && event != null) {
        problems.add(path + ".event", "not used by a " + k + " metric");
      }
      if (kind.readsProperty() && property == null) {
        problems.add(path + ".property", "missing (the numeric property a " + k + " metric reads, e.g. revenue)");
      }
      if (!kind.readsProperty() && property != null) {
        problems.add(path + ".property", "not used by a " + k + " metric");
      }
      if (!kind.countsEvents() && node.has("where")) {
        problems.add(path + ".where", "not used by a " + k + " metric");
      }
      if (kind == MetricKind.RATIO && (numerator == null || denominator == null)) {
        problems.add(path, "a ratio metric needs numerator and denominator (ids of other metrics)");
      }
      if (kind != MetricKind.RATIO && (numerator != null || denominator != null)) {
        problems.add(path, "numerator and denominator are for ratio metrics only");
      }
      if (cap != null && (kind == MetricKind.CONVERSION || kind == MetricKind.RATIO)) {
        problems.add(path + ".cap", "a " + k + " metric takes no cap"
            + (kind == MetricKind.RATIO ? " (cap its numerator and denominator metrics)" : ""));
      }
      if (cap != null && kind.capsEachEvent() && cap.type() == Cap.Type.PERCENTILE) {
        problems.add(path + ".cap", "a " + k + " metric caps each event, so only an absolute cap applies");
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return new MetricDefinition(id, kind, event, property, where, window, numerator, denominator, cap, lookback,
        inverse);
  }

  private MetricKind kind(JsonNode node, String path) {
    JsonNode k = node.get("kind");
    List<String> names = java.util.Arrays.stream(MetricKind.values()).map(MetricKind::text).toList();
    if (k == null || k.isNull()) {
      problems.add(path + ".kind", "missing (one of " + String.join(", ", names) + ")");
      return null;
    }
    String text = k.isTextual() ? k.textValue().toLowerCase(Locale.ROOT) : "";
    if (!names.contains(text)) {
      problems.add(path + ".kind", "must be one of " + String.join(", ", names) + ", got " + k);
      return null;
    }
    return MetricKind.valueOf(text.toUpperCase(Locale.ROOT));
  }

  private Map<String, String> where(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      problems.add(path, "must be an object of property: value");
      return Map.of();
    }
    Map<String, String> where = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> {
      if (e.getValue().isValueNode() && !e.getValue().isNull()) {
        where.put(e.getKey(), e.getValue().asText());
      } else {
        problems.add(path + "." + e.getKey(), "must be a string, number or boolean");
      }
    });
    return where;
  }

  private Cap cap(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject() || node.size() != 1) {
      problems.add(path, "must be {absolute: NUMBER} or {percentile: 0..1}");
      return null;
    }
    problems.unknownFields(node, path, CAP_FIELDS);
    JsonNode absolute = node.get("absolute");
    JsonNode percentile = node.get("percentile");
    if (absolute != null) {
      if (!absolute.isNumber() || !(absolute.doubleValue() >= 0) || !Double.isFinite(absolute.doubleValue())) {
        problems.add(path + ".absolute", "must be a non-negative number, got " + absolute);
        return null;
      }
      return Cap.absolute(absolute.doubleValue());
    }
    if (percentile != null) {
      if (!percentile.isNumber() || !(percentile.doubleValue() > 0 && percentile.doubleValue() <= 1)) {
        problems.add(path + ".percentile", "must be a number in (0, 1], e.g. 0.99, got " + percentile);
        return null;
      }
      return Cap.percentile(percentile.doubleValue());
    }
    return null;
  }

  /** {@code true} (default lookback), {@code false}/absent (none) or {@code {lookback: 7d}}. */
  private Duration cuped(JsonNode node, String path) {
    if (node == null || node.isNull() || (node.isBoolean() && !node.booleanValue())) {
      return null;
    }
    if (node.isBoolean()) {
      return defaultLookback;
    }
    if (!node.isObject()) {
      problems.add(path, "must be true, false or {lookback: DURATION}");
      return null;
    }
    problems.unknownFields(node, path, CUPED_FIELDS);
    Duration lookback = problems.duration(node, path, "lookback");
    return lookback == null ? defaultLookback : lookback;
  }

  private void component(Map<String, MetricDefinition> metrics, String path, String id) {
    MetricDefinition c = metrics.get(id);
    if (!declared.contains(id)) {
      problems.add(path, "unknown metric " + id + (declared.isEmpty() ? "" : " (defined: "
          + String.join(", ", declared) + ")"));
    } else if (c != null && c.type() == MetricType.RATIO) {
      problems.add(path, "metric " + id + " is itself a ratio (" + c.kind().text() + "); use a count, sum,"
          + " conversion or sessions metric");
    }
  }

  private List<ExperimentDefinition> experiments(JsonNode list, Set<String> metrics) {
    List<ExperimentDefinition> experiments = new ArrayList<>();
    if (list == null || list.isNull()) {
      return experiments;
    }
    if (!list.isArray()) {
      problems.add("experiments", "must be a list of experiments");
      return experiments;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "experiments[" + i + "]";
      JsonNode node = list.get(i);
      if (!node.isObject()) {
        problems.add(path, "must be an object");
        continue;
      }
      int before = problems.size();
      problems.unknownFields(node, path, EXPERIMENT_FIELDS);
      String id = problems.id(node, path);
      if (id != null && !ids.add(id)) {
        problems.add(path + ".id", "duplicate experiment id " + id);
      }
      List<String> variants = problems.texts(node, path, "variants", true);
      if (variants != null && new HashSet<>(variants).size() != variants.size()) {
        problems.add(path + ".variants", "must be distinct");
      }
      List<Double> weights = weights(node.get("weights"), path + ".weights", variants);
      List<String> listed = problems.texts(node, path, "metrics", false);
      if (listed != null) {
        for (String m : listed) {
          if (!metrics.contains(m)) {
            problems.add(path + ".metrics", "unknown metric " + m);
          }
        }
      }
      if (problems.size() == before) {
        experiments.add(new ExperimentDefinition(id, variants, weights, listed == null ? List.of() : listed));
      }
    }
    return experiments;
  }

  private List<Double> weights(JsonNode node, String path, List<String> variants) {
    int n = variants == null ? 0 : variants.size();
    if (node == null || node.isNull()) {
      return java.util.Collections.nCopies(n, 1.0 / Math.max(1, n));
    }
    if (!node.isArray()) {
      problems.add(path, "must be a list of numbers, one per variant");
      return List.of();
    }
    List<Double> weights = new ArrayList<>();
    double total = 0;
    for (int i = 0; i < node.size(); i++) {
      JsonNode w = node.get(i);
      if (!w.isNumber() || !(w.doubleValue() >= 0) || !Double.isFinite(w.doubleValue())) {
        problems.add(path + "[" + i + "]", "must be a non-negative number, got " + w);
      } else {
        weights.add(w.doubleValue());
        total += w.doubleValue();
      }
    }
    if (weights.size() == node.size() && !(total > 0)) {
      problems.add(path, "must not all be 0");
    }
    if (variants != null && node.size() != n) {
      problems.add(path, "has " + node.size() + " entries for " + n + " variants");
    }
    return weights;
  }
}
