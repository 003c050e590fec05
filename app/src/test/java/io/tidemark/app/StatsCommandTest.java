package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StatsCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new StatsCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private Path file(String json) throws Exception {
    Path f = dir.resolve("input.json");
    Files.writeString(f, json);
    return f;
  }

  /**
   * test_gbstats.py RA_STATISTICS_DF with TestAnalyzeMetricDfRegressionAdjustment
   * .test_analyze_metric_df_ra (frequentist, relative, CUPED): expected −0.281707154, p 0.003732549.
   */
  @Test
  void stats_cupedReadout_matchesGbstats() throws Exception {
    Path input = file("""
        {"settings": {"engine": "frequentist", "difference": "relative"},
         "weights": [0.5, 0.5],
         "metrics": [{"id": "count", "type": "mean", "cuped": true, "variants": [
           {"users": 3001, "main_sum": 300, "main_sum_squares": 600, "covariate_sum": 210,
            "covariate_sum_squares": 415, "main_covariate_sum_product": -20},
           {"users": 3000, "main_sum": 222, "main_sum_squares": 555, "covariate_sum": 120,
            "covariate_sum_squares": 405, "main_covariate_sum_product": -10}]}]}
        """);

    int code = run("--input", input.toString());

    assertThat(code).as(err.toString()).isZero();
    JsonNode readout = new ObjectMapper().readTree(out.toString());
    JsonNode v = readout.at("/metrics/0/variants/0");
    assertThat(v.get("expected").asDouble()).isCloseTo(-0.281707154, within(5e-10));
    assertThat(v.get("p_value").asDouble()).isCloseTo(0.003732549, within(5e-10));
    assertThat(v.get("chance_to_win").isNull()).isTrue();
    assertThat(v.get("status").asText()).isEqualTo("ok");
    assertThat(readout.get("srm_p_value").asDouble()).isBetween(0.0, 1.0);
    assertThat(readout.get("srm_flagged").asBoolean()).isFalse();
  }

  /** bayesian/test_tests.py TestBinom.test_bayesian_binomial_ab_test (5 decimals). */
  @Test
  void stats_bayesianProportion_writesOutputFile() throws Exception {
    Path input = file("""
        {"metrics": [{"id": "signup", "type": "proportion", "variants": [
           {"users": 100, "main_sum": 49}, {"users": 100, "main_sum": 51}]}]}
        """);
    Path output = dir.resolve("readout.json");

    int code = run("--input", input.toString(), "--output", output.toString());

    assertThat(code).as(err.toString()).isZero();
    JsonNode v = new ObjectMapper().readTree(Files.readString(output)).at("/metrics/0/variants/0");
    assertThat(v.get("chance_to_win").asDouble()).isCloseTo(0.60918, within(5e-6));
    assertThat(v.get("risk_control").asDouble()).isCloseTo(0.0814, within(5e-6));
    assertThat(v.get("risk_treatment").asDouble()).isCloseTo(0.04058, within(5e-6));
    assertThat(v.get("p_value").isNull()).isTrue();
  }

  @Test
  void stats_malformedInput_exits2WithEveryProblem() throws Exception {
    Path input = file("""
        {"settings": {"engine": "magic"},
         "metrics": [{"id": "m", "type": "mean", "variants": [
           {"users": -1, "main_sum": 1, "main_sum_squares": 1}, {"main_sum": 2}]}]}
        """);

    int code = run("--input", input.toString());

    assertThat(code).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .contains("configuration error")
        .contains("settings.engine: must be one of frequentist, bayesian")
        .contains("metrics[0].variants[0].users: must not be negative")
        .contains("metrics[0].variants[1].users: missing")
        .contains("metrics[0].variants[1].main_sum_squares: missing");
  }

  @Test
  void stats_missingFile_exits2() {
    int code = run("--input", dir.resolve("absent.json").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("cannot read").contains("no such file");
  }

  @Test
  void stats_notJson_exits2() throws Exception {
    int code = run("--input", file("engine=bayesian").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("not valid JSON");
  }

  @Test
  void stats_withoutInput_isAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("--input");
  }

  @Test
  void stats_help_exits0() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("--input").contains("--output");
  }
}
