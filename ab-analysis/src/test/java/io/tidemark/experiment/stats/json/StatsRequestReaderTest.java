package io.tidemark.experiment.stats.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.experiment.stats.Alternative;
import io.tidemark.experiment.stats.Correction;
import io.tidemark.experiment.stats.DifferenceType;
import io.tidemark.experiment.stats.Engine;
import io.tidemark.experiment.stats.ProportionStatistics;
import io.tidemark.experiment.stats.RatioStatistics;
import io.tidemark.experiment.stats.RegressionAdjustedStatistics;
import io.tidemark.experiment.stats.SampleStatistics;
import org.junit.jupiter.api.Test;

class StatsRequestReaderTest {

  @Test
  void read_everyField() throws Exception {
    StatsRequest r = StatsRequestReader.read("""
        {"settings": {"engine": "frequentist", "difference": "absolute", "alpha": 0.1,
                      "alternative": "greater", "sequential": true, "sequential_tuning": 600,
                      "prior": {"proper": true, "mean": 0.1, "variance": 0.2},
                      "correction": "bh"},
         "weights": [0.25, 0.75],
         "metrics": [
           {"id": "m", "type": "mean", "variants": [
              {"users": 100, "main_sum": 270, "main_sum_squares": 848.79},
              {"users": 120, "main_sum": 300, "main_sum_squares": 869}]},
           {"id": "p", "type": "proportion", "cuped": true, "variants": [
              {"users": 3001, "main_sum": 300, "covariate_sum": 210, "main_covariate_sum_product": -20},
              {"users": 3000, "main_sum": 222, "covariate_sum": 120, "main_covariate_sum_product": -10}]},
           {"id": "r", "type": "ratio", "inverse": true, "variants": [
              {"users": 100, "main_sum": 270, "main_sum_squares": 848.79, "denominator_sum": 510,
               "denominator_sum_squares": 810, "main_denominator_sum_product": -900},
              {"users": 120, "main_sum": 300, "main_sum_squares": 869, "denominator_sum": 500,
               "denominator_sum_squares": 800, "main_denominator_sum_product": -905}]}]}
        """);

    var s = r.settings();
    assertThat(s.engine()).isEqualTo(Engine.FREQUENTIST);
    assertThat(s.difference()).isEqualTo(DifferenceType.ABSOLUTE);
    assertThat(s.alpha()).isEqualTo(0.1);
    assertThat(s.alternative()).isEqualTo(Alternative.GREATER);
    assertThat(s.sequential()).isTrue();
    assertThat(s.sequentialTuning()).isEqualTo(600);
    assertThat(s.prior().proper()).isTrue();
    assertThat(s.correction()).isEqualTo(Correction.BENJAMINI_HOCHBERG);
    assertThat(r.weights()).containsExactly(0.25, 0.75);
    assertThat(r.metrics().get(0).variants().get(0)).isEqualTo(new SampleStatistics(100, 270, 848.79));
    assertThat(r.metrics().get(1).variants().get(1))
        .isEqualTo(new RegressionAdjustedStatistics(
            new ProportionStatistics(3000, 222), new ProportionStatistics(3000, 120), -10));
    assertThat(r.metrics().get(2).variants().get(0)).isInstanceOf(RatioStatistics.class);
    assertThat(r.metrics().get(2).inverse()).isTrue();
  }

  @Test
  void read_defaults_whenSettingsAndWeightsAbsent() throws Exception {
    StatsRequest r = StatsRequestReader.read("""
        {"metrics": [{"id": "m", "type": "proportion", "variants": [
           {"users": 10, "main_sum": 3}, {"users": 10, "main_sum": 4}, {"users": 10, "main_sum": 5}]}]}
        """);
    assertThat(r.settings().engine()).isEqualTo(Engine.BAYESIAN);
    assertThat(r.settings().sequentialTuning()).isEqualTo(5000);
    assertThat(r.weights()).hasSize(3).allSatisfy(w -> assertThat(w).isCloseTo(1.0 / 3, within(1e-15)));
  }

  @Test
  void read_listsEveryProblem() {
    var e = catchThrowableOfType(InvalidStatsRequestException.class, () -> StatsRequestReader.read("""
        {"settings": {"engine": "bayes", "alpha": 2, "correction": "sidak", "colour": "red"},
         "weights": [0.5, -1, 0.5],
         "metrics": [
           {"id": "m", "type": "mean", "variants": [
              {"users": -5, "main_sum": 1, "main_sum_squares": 1},
              {"users": 10, "main_sum": 1}]},
           {"type": "ratio", "cuped": true, "variants": [{"users": 3, "main_sum": 1}]},
           {"id": "p", "type": "proportion", "variants": [{"users": 3, "main_sum": 4}, {"users": 3.5, "main_sum": 1}]}]}
        """));

    assertThat(e.problems()).contains(
        "settings.engine: must be one of frequentist, bayesian, got \"bayes\"",
        "settings.alpha: must be between 0 and 1 (exclusive), got 2.0",
        "metrics[0].variants[0].users: must not be negative, got -5",
        "metrics[0].variants[1].main_sum_squares: missing",
        "metrics[1].id: missing (a non-empty string)",
        "metrics[1].variants[0].denominator_pre_sum: missing",
        "metrics[1].variants[0].denominator_sum: missing",
        "metrics[1].variants[0].main_denominator_sum_product: missing",
        "metrics[1].variants: has 1 variants, the first metric has 2",
        "metrics[2].variants[0].main_sum: must be between 0 and users (3) for a proportion, got 4.0",
        "metrics[2].variants[1].users: must be a whole number, got 3.5",
        "weights[1]: must be a non-negative number, got -1",
        "weights: has 3 entries for 2 variants");
    assertThat(e.problems()).anyMatch(p -> p.startsWith("settings.correction: must be one of none, holm, bh"));
    assertThat(e.problems()).anyMatch(p -> p.startsWith("settings.colour: unknown field"));
  }

  /** frequentist/test_tests.py TestTwoSidedTTest.test_two_sided_ttest_missing_variance. */
  @Test
  void read_impossibleSumOfSquares_givesZeroVarianceAsGbstats() throws Exception {
    StatsRequest r = StatsRequestReader.read("""
        {"settings": {"engine": "frequentist"},
         "metrics": [{"id": "m", "type": "mean", "variants": [
           {"users": 2, "main_sum": 1396.87, "main_sum_squares": 52377.9767},
           {"users": 3461, "main_sum": 2422.7, "main_sum_squares": 134698.29}]}]}
        """);
    var effect = r.analyze().metrics().get(0).effects().get(0);
    assertThat(effect.status()).isEqualTo(io.tidemark.experiment.stats.Status.ZERO_VARIANCE);
    assertThat(effect.pValue()).isEqualTo(1.0);
    assertThat(effect.expected()).isZero();
  }

  @Test
  void read_rejectsNegativeSumOfSquares() {
    var e = catchThrowableOfType(InvalidStatsRequestException.class, () -> StatsRequestReader.read("""
        {"metrics": [{"id": "m", "type": "mean", "variants": [
           {"users": 2, "main_sum": 1, "main_sum_squares": -1},
           {"users": 10, "main_sum": 1, "main_sum_squares": 1}]}]}
        """));
    assertThat(e.problems())
        .containsExactly("metrics[0].variants[0].main_sum_squares: must not be negative, got -1.0");
  }

  @Test
  void read_malformedJson_isOneProblem() {
    assertThatThrownBy(() -> StatsRequestReader.read("{\"metrics\": ["))
        .isInstanceOf(InvalidStatsRequestException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void read_missingMetrics() {
    var e = catchThrowableOfType(InvalidStatsRequestException.class,
        () -> StatsRequestReader.read((JsonNode) new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()));
    assertThat(e.problems()).containsExactly("metrics: missing (a non-empty list of metrics)");
  }
}
