package io.tidemark.experiment.stats.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.experiment.json.JsonProblems;
import io.tidemark.experiment.stats.MetricInput;
import io.tidemark.experiment.stats.MomentStatistics;
import io.tidemark.experiment.stats.ProportionStatistics;
import io.tidemark.experiment.stats.RatioStatistics;
import io.tidemark.experiment.stats.RegressionAdjustedRatioStatistics;
import io.tidemark.experiment.stats.RegressionAdjustedStatistics;
import io.tidemark.experiment.stats.SampleStatistics;
import io.tidemark.experiment.stats.VariantStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads one metric: {@code id}, {@code type} (mean | proportion | ratio), {@code cuped}, {@code
 * inverse} and {@code variants}, the per-variant sums named as gbstats's query columns.
 */
final class MetricReader {
  private static final Set<String> FIELDS = Set.of("id", "type", "cuped", "inverse", "variants");
  private static final Set<String> STAT_FIELDS =
      Set.of("users", "main_sum", "main_sum_squares", "denominator_sum", "denominator_sum_squares",
          "main_denominator_sum_product", "covariate_sum", "covariate_sum_squares",
          "main_covariate_sum_product", "denominator_pre_sum", "denominator_pre_sum_squares",
          "main_pre_denominator_pre_sum_product", "main_post_denominator_pre_sum_product",
          "main_pre_denominator_post_sum_product", "denominator_post_denominator_pre_sum_product");

  private enum Type { MEAN, PROPORTION, RATIO }

  private MetricReader() {}

  /** The metric, or null when it has problems (all of them recorded). */
  static MetricInput read(JsonNode node, String path, JsonProblems problems) {
    if (!node.isObject()) {
      problems.add(path, "must be an object");
      return null;
    }
    int before = problems.size();
    problems.unknownFields(node, path, FIELDS);
    JsonNode idNode = node.get("id");
    String id = idNode != null && idNode.isTextual() ? idNode.textValue() : null;
    if (id == null || id.isBlank()) {
      problems.add(path + ".id", "missing (a non-empty string)");
    }
    Type type = problems.choice(node, path, "type", List.of("mean", "proportion", "ratio"),
        List.of(Type.MEAN, Type.PROPORTION, Type.RATIO));
    if (node.get("type") == null) {
      problems.add(path + ".type", "missing (mean, proportion or ratio)");
    }
    boolean cuped = Boolean.TRUE.equals(problems.bool(node, path, "cuped"));
    boolean inverse = Boolean.TRUE.equals(problems.bool(node, path, "inverse"));
    JsonNode variants = node.get("variants");
    List<VariantStatistics> stats = new ArrayList<>();
    if (variants == null || !variants.isArray() || variants.isEmpty()) {
      problems.add(path + ".variants", "missing (a list of per-variant statistics, control first)");
    } else if (type != null) {
      for (int i = 0; i < variants.size(); i++) {
        stats.add(variant(variants.get(i), path + ".variants[" + i + "]", type, cuped, problems));
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return new MetricInput(id, stats, inverse);
  }

  private static VariantStatistics variant(
      JsonNode node, String path, Type type, boolean cuped, JsonProblems problems) {
    if (!node.isObject()) {
      problems.add(path, "must be an object");
      return null;
    }
    problems.unknownFields(node, path, STAT_FIELDS);
    long users = users(node, path, problems);
    MomentStatistics main = moments(node, path, "main", type == Type.PROPORTION, users, problems);
    if (type == Type.RATIO) {
      RatioStatistics post = ratio(node, path, main, "denominator", "main_denominator_sum_product",
          users, problems);
      return cuped ? ratioCuped(node, path, post, users, problems) : post;
    }
    if (!cuped) {
      return main;
    }
    MomentStatistics covariate =
        moments(node, path, "covariate", type == Type.PROPORTION, users, problems);
    Double product = problems.number(node, path, "main_covariate_sum_product", true);
    return main == null || covariate == null || product == null
        ? null
        : new RegressionAdjustedStatistics(main, covariate, product);
  }

  private static RatioStatistics ratio(JsonNode node, String path, MomentStatistics numerator,
      String denominatorPrefix, String productField, long users, JsonProblems problems) {
    MomentStatistics denominator = moments(node, path, denominatorPrefix, false, users, problems);
    Double product = problems.number(node, path, productField, true);
    return numerator == null || denominator == null || product == null
        ? null
        : new RatioStatistics(numerator, denominator, product);
  }

  /** CUPED on a ratio: the covariate is the same ratio before exposure (gbstats {@code ratio_ra}). */
  private static RegressionAdjustedRatioStatistics ratioCuped(
      JsonNode node, String path, RatioStatistics post, long users, JsonProblems problems) {
    MomentStatistics covariate = moments(node, path, "covariate", false, users, problems);
    RatioStatistics pre = ratio(node, path, covariate, "denominator_pre",
        "main_pre_denominator_pre_sum_product", users, problems);
    Double mPostMPre = problems.number(node, path, "main_covariate_sum_product", true);
    Double dPostDPre =
        problems.number(node, path, "denominator_post_denominator_pre_sum_product", true);
    Double mPostDPre = problems.number(node, path, "main_post_denominator_pre_sum_product", true);
    Double mPreDPost = problems.number(node, path, "main_pre_denominator_post_sum_product", true);
    if (post == null || pre == null || mPostMPre == null || dPostDPre == null
        || mPostDPre == null || mPreDPost == null) {
      return null;
    }
    return new RegressionAdjustedRatioStatistics(
        post, pre, mPostMPre, dPostDPre, mPostDPre, mPreDPost);
  }

  private static long users(JsonNode node, String path, JsonProblems problems) {
    JsonNode users = node.get("users");
    if (users == null || users.isNull()) {
      problems.add(path + ".users", "missing");
      return -1;
    }
    if (!users.isIntegralNumber() && !(users.isNumber() && users.doubleValue() == Math.rint(users.doubleValue()))) {
      problems.add(path + ".users", "must be a whole number, got " + users);
      return -1;
    }
    if (users.asLong() < 0) {
      problems.add(path + ".users", "must not be negative, got " + users);
      return -1;
    }
    return users.asLong();
  }

  /** {@code <prefix>_sum} and, unless a proportion, {@code <prefix>_sum_squares}. */
  private static MomentStatistics moments(JsonNode node, String path, String prefix,
      boolean proportion, long users, JsonProblems problems) {
    Double sum = problems.number(node, path, prefix + "_sum", true);
    if (proportion) {
      if (sum == null || users < 0) {
        return null;
      }
      if (sum < 0 || sum > users) {
        problems.add(path + "." + prefix + "_sum",
            "must be between 0 and users (" + users + ") for a proportion, got " + sum);
        return null;
      }
      return new ProportionStatistics(users, sum);
    }
    Double squares = problems.number(node, path, prefix + "_sum_squares", true);
    if (sum == null || squares == null || users < 0) {
      return null;
    }
    // Σx² < (Σx)²/n cannot come from real values, but gbstats accepts it (its own fixtures have
    // it) and reports a zero variance; only a negative Σx² is rejected.
    if (squares < 0) {
      problems.add(path + "." + prefix + "_sum_squares", "must not be negative, got " + squares);
      return null;
    }
    if (users == 0 && (sum != 0 || squares != 0)) {
      problems.add(path + "." + prefix + "_sum", "must be 0 when users is 0");
      return null;
    }
    return new SampleStatistics(users, sum, squares);
  }
}
