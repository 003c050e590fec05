package io.tidemark.experiment.stats.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** From input document to output document, on gbstats's published cases. */
class ReadoutWriterTest {
  private static final String COUNT_METRIC_VARIANTS = """
      [{"users": 100, "main_sum": 270, "main_sum_squares": 848.79},
       {"users": 120, "main_sum": 300, "main_sum_squares": 869}]""";

  private static JsonNode run(String settings) throws Exception {
    String input = "{\"settings\": " + settings + ", \"metrics\": [{\"id\": \"count\", \"type\": \"mean\","
        + " \"variants\": " + COUNT_METRIC_VARIANTS + "}]}";
    return ReadoutWriter.toJson(StatsRequestReader.read(input).analyze());
  }

  @Test // test_gbstats.py TestAnalyzeMetricDfFrequentist.test_get_metric_dfs_frequentist
  void frequentist_hasPValuesAndNullBayesianFields() throws Exception {
    JsonNode out = run("{\"engine\": \"frequentist\"}");
    JsonNode v = out.at("/metrics/0/variants/0");
    assertThat(v.get("variant").asInt()).isEqualTo(1);
    assertThat(v.get("expected").asDouble()).isCloseTo(-0.074074074, within(5e-10));
    assertThat(v.get("p_value").asDouble()).isCloseTo(0.145219005, within(5e-10));
    assertThat(v.get("chance_to_win").isNull()).isTrue();
    assertThat(v.get("risk_control").isNull()).isTrue();
    assertThat(v.get("risk_treatment").isNull()).isTrue();
    assertThat(v.get("adjusted_p_value").isNull()).isTrue();
    assertThat(v.get("status").asText()).isEqualTo("ok");
    assertThat(out.get("srm_p_value").isNumber()).isTrue();
    assertThat(out.get("srm_flagged").asBoolean()).isFalse();
  }

  @Test // test_gbstats.py TestAnalyzeMetricDfBayesian.test_get_metric_dfs_new
  void bayesian_hasChanceToWinAndRisks() throws Exception {
    JsonNode v = run("{\"engine\": \"bayesian\"}").at("/metrics/0/variants/0");
    assertThat(v.get("chance_to_win").asDouble()).isCloseTo(0.071834168, within(5e-10));
    assertThat(v.get("risk_treatment").asDouble()).isCloseTo(0.075691131, within(5e-10));
    assertThat(v.get("p_value").isNull()).isTrue();
    assertThat(v.get("adjusted_p_value").isNull()).isTrue();
  }

  @Test
  void oneSided_openEndIsNull() throws Exception {
    JsonNode v = run("{\"engine\": \"frequentist\", \"alternative\": \"greater\"}")
        .at("/metrics/0/variants/0");
    assertThat(v.get("ci_low").isNumber()).isTrue();
    assertThat(v.get("ci_high").isNull()).isTrue();
  }

  @Test
  void correction_fillsAdjustedPValue() throws Exception {
    JsonNode v = run("{\"engine\": \"frequentist\", \"correction\": \"holm\"}")
        .at("/metrics/0/variants/0");
    assertThat(v.get("adjusted_p_value").asDouble()).isEqualTo(v.get("p_value").asDouble());
  }
  /** test_gbstats.py RATIO_RA_STATISTICS_DF with test_analyze_metric_df_ratio_ra (9 decimals). */
  @Test
  void cupedRatio_matchesGbstats() throws Exception {
    String input = """
        {"settings": {"engine": "frequentist"},
         "metrics": [{"id": "r", "type": "ratio", "cuped": true, "variants": [
           {"users": 100, "main_sum": 485.112236689623, "main_sum_squares": 2715.484666118136,
            "denominator_sum": 679.9093275844917, "denominator_sum_squares": 4939.424001640236,
            "covariate_sum": 192.59138069991536, "covariate_sum_squares": 460.076026390857,
            "denominator_pre_sum": 290.1398399750233, "denominator_pre_sum_squares": 920.9461385038898,
            "main_covariate_sum_product": 1113.6215759318352,
            "main_denominator_sum_product": 3602.146836776702,
            "main_post_denominator_pre_sum_product": 1559.2878434944676,
            "main_pre_denominator_post_sum_product": 1460.3181079276983,
            "main_pre_denominator_pre_sum_product": 634.239482353647,
            "denominator_post_denominator_pre_sum_product": 2130.9404074446747},
           {"users": 100, "main_sum": 514.7757826608777, "main_sum_squares": 2994.897482705013,
            "denominator_sum": 705.4090874383759, "denominator_sum_squares": 5291.36604146392,
            "covariate_sum": 206.94157227402536, "covariate_sum_squares": 514.2903702246757,
            "denominator_pre_sum": 302.54389139107326, "denominator_pre_sum_squares": 994.4506208125663,
            "main_covariate_sum_product": 1237.0953021125997,
            "main_denominator_sum_product": 3918.1561431600717,
            "main_post_denominator_pre_sum_product": 1701.0287270040265,
            "main_pre_denominator_post_sum_product": 1604.075950326651,
            "main_pre_denominator_pre_sum_product": 698.4173425817913,
            "denominator_post_denominator_pre_sum_product": 2292.081739775257}]}]}
        """;
    JsonNode v = ReadoutWriter.toJson(StatsRequestReader.read(input).analyze())
        .at("/metrics/0/variants/0");
    assertThat(v.get("expected").asDouble()).isCloseTo(-0.000701483, within(5e-10));
    assertThat(v.get("p_value").asDouble()).isCloseTo(0.857710405, within(5e-10));
  }
}
