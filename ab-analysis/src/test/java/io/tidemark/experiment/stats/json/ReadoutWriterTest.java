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
}
