package io.tidemark.experiment.stats.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.experiment.json.JsonProblems;
import io.tidemark.experiment.stats.AnalysisSettings;
import io.tidemark.experiment.stats.MetricInput;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code tidemark stats} input document and checks all of it before reporting: every
 * problem is listed with its JSON path, none stops the reading of the rest.
 */
public final class StatsRequestReader {
  private static final Set<String> FIELDS = Set.of("settings", "weights", "metrics");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StatsRequestReader() {}

  public static StatsRequest read(String json) throws InvalidStatsRequestException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidStatsRequestException(
          List.of("not valid JSON: " + e.getOriginalMessage()
              + " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")"));
    }
    return read(root);
  }

  public static StatsRequest read(JsonNode root) throws InvalidStatsRequestException {
    JsonProblems problems = new JsonProblems();
    if (root == null || !root.isObject()) {
      throw new InvalidStatsRequestException(List.of("the input must be a JSON object"));
    }
    problems.unknownFields(root, "", FIELDS);
    AnalysisSettings settings = SettingsReader.read(root.get("settings"), problems);

    List<MetricInput> metrics = new ArrayList<>();
    JsonNode metricsNode = root.get("metrics");
    if (metricsNode == null || !metricsNode.isArray() || metricsNode.isEmpty()) {
      problems.add("metrics", "missing (a non-empty list of metrics)");
    } else {
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < metricsNode.size(); i++) {
        MetricInput m = MetricReader.read(metricsNode.get(i), "metrics[" + i + "]", problems);
        if (m != null) {
          if (!ids.add(m.id())) {
            problems.add("metrics[" + i + "].id", "duplicate id " + m.id());
          }
          metrics.add(m);
        }
      }
    }
    int variants = metricsNode != null && metricsNode.isArray() && !metricsNode.isEmpty()
        ? variantCount(metricsNode, problems) : -1;
    List<Double> weights = weights(root.get("weights"), variants, problems);
    if (!problems.isEmpty()) {
      throw new InvalidStatsRequestException(problems.list());
    }
    return new StatsRequest(settings, weights, metrics);
  }

  /** The number of variants every metric must share; -1 when unknown. */
  private static int variantCount(JsonNode metrics, JsonProblems problems) {
    int expected = -1;
    for (int i = 0; i < metrics.size(); i++) {
      JsonNode v = metrics.get(i).get("variants");
      if (v == null || !v.isArray() || v.isEmpty()) {
        continue;
      }
      if (expected < 0) {
        expected = v.size();
      } else if (v.size() != expected) {
        problems.add("metrics[" + i + "].variants",
            "has " + v.size() + " variants, the first metric has " + expected);
      }
    }
    return expected;
  }

  /** The weights, or an equal split over {@code variants} when absent. */
  private static List<Double> weights(JsonNode node, int variants, JsonProblems problems) {
    if (node == null || node.isNull()) {
      return variants < 0 ? List.of() : Collections.nCopies(variants, 1.0 / variants);
    }
    if (!node.isArray()) {
      problems.add("weights", "must be a list of numbers, one per variant");
      return List.of();
    }
    List<Double> weights = new ArrayList<>();
    double total = 0;
    for (int i = 0; i < node.size(); i++) {
      JsonNode w = node.get(i);
      if (!w.isNumber() || !(w.doubleValue() >= 0) || !Double.isFinite(w.doubleValue())) {
        problems.add("weights[" + i + "]", "must be a non-negative number, got " + w);
        continue;
      }
      weights.add(w.doubleValue());
      total += w.doubleValue();
    }
    if (weights.size() == node.size() && !(total > 0)) {
      problems.add("weights", "must not all be 0");
    }
    if (variants >= 0 && node.size() != variants) {
      problems.add("weights", "has " + node.size() + " entries for " + variants + " variants");
    }
    return weights;
  }
}
