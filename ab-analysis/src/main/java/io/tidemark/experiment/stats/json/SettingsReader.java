package io.tidemark.experiment.stats.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.experiment.json.JsonProblems;
import io.tidemark.experiment.stats.AnalysisSettings;
import io.tidemark.experiment.stats.Alternative;
import io.tidemark.experiment.stats.Correction;
import io.tidemark.experiment.stats.DifferenceType;
import io.tidemark.experiment.stats.Engine;
import io.tidemark.experiment.stats.Prior;
import java.util.List;
import java.util.Set;

/** Reads the {@code settings} object; absent fields take {@link AnalysisSettings#defaults()}. */
final class SettingsReader {
  private static final Set<String> FIELDS =
      Set.of("engine", "difference", "alpha", "alternative", "sequential", "sequential_tuning",
          "prior", "correction");
  private static final Set<String> PRIOR_FIELDS = Set.of("proper", "mean", "variance");

  private SettingsReader() {}

  static AnalysisSettings read(JsonNode node, JsonProblems problems) {
    AnalysisSettings defaults = AnalysisSettings.defaults();
    if (node == null || node.isNull()) {
      return defaults;
    }
    if (!node.isObject()) {
      problems.add("settings", "must be an object");
      return defaults;
    }
    String path = "settings";
    int before = problems.size();
    problems.unknownFields(node, path, FIELDS);
    Engine engine = or(problems.choice(node, path, "engine", List.of("frequentist", "bayesian"),
        List.of(Engine.FREQUENTIST, Engine.BAYESIAN)), defaults.engine());
    DifferenceType difference = or(problems.choice(node, path, "difference",
        List.of("relative", "absolute"), List.of(DifferenceType.RELATIVE, DifferenceType.ABSOLUTE)),
        defaults.difference());
    Alternative alternative = or(problems.choice(node, path, "alternative",
        List.of("two-sided", "greater", "less"),
        List.of(Alternative.TWO_SIDED, Alternative.GREATER, Alternative.LESS)),
        defaults.alternative());
    Correction correction = or(problems.choice(node, path, "correction",
        List.of("none", "holm", "bh"),
        List.of(Correction.NONE, Correction.HOLM, Correction.BENJAMINI_HOCHBERG)),
        defaults.correction());
    double alpha = or(problems.number(node, path, "alpha", false), defaults.alpha());
    if (!(alpha > 0 && alpha < 1)) {
      problems.add("settings.alpha", "must be between 0 and 1 (exclusive), got " + alpha);
    }
    boolean sequential = or(problems.bool(node, path, "sequential"), false);
    double tuning = or(problems.number(node, path, "sequential_tuning", false),
        defaults.sequentialTuning());
    if (!(tuning > 0)) {
      problems.add("settings.sequential_tuning", "must be positive, got " + tuning);
    }
    if (sequential && alternative != Alternative.TWO_SIDED && alpha >= 0.5 && alpha < 1) {
      problems.add("settings.alpha", "must be below 0.5 for a one-sided sequential test");
    }
    Prior prior = readPrior(node.get("prior"), problems);
    if (problems.size() > before) {
      return defaults;
    }
    return new AnalysisSettings(
        engine, difference, alpha, alternative, sequential, tuning, prior, correction);
  }

  private static Prior readPrior(JsonNode node, JsonProblems problems) {
    if (node == null || node.isNull()) {
      return Prior.IMPROPER;
    }
    if (!node.isObject()) {
      problems.add("settings.prior", "must be an object");
      return Prior.IMPROPER;
    }
    String path = "settings.prior";
    problems.unknownFields(node, path, PRIOR_FIELDS);
    boolean proper = or(problems.bool(node, path, "proper"), false);
    double mean = or(problems.number(node, path, "mean", false), Prior.IMPROPER.mean());
    double variance = or(problems.number(node, path, "variance", false), Prior.IMPROPER.variance());
    if (!(variance > 0)) {
      problems.add("settings.prior.variance", "must be positive, got " + variance);
      return Prior.IMPROPER;
    }
    return new Prior(proper, mean, variance);
  }

  private static <T> T or(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
