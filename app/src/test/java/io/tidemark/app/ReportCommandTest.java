package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.experiment.stats.AnalysisSettings;
import io.tidemark.experiment.stats.EffectEstimate;
import io.tidemark.experiment.stats.Engine;
import io.tidemark.experiment.stats.ExperimentAnalysis;
import io.tidemark.experiment.stats.MetricInput;
import io.tidemark.experiment.stats.ProportionStatistics;
import io.tidemark.experiment.stats.SampleStatistics;
import io.tidemark.lake.datasets.ExperimentStatsRow;
import io.tidemark.lake.datasets.ExperimentStatsRow.Kind;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.write.CommitGuard;
import io.tidemark.lake.write.LakeWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private static final LocalDate DAY1 = LocalDate.parse("2026-11-20");
  private static final LocalDate DAY2 = LocalDate.parse("2026-11-21");
  private static final Instant WM = Instant.parse("2026-11-22T08:00:00Z");

  private int run(String... args) {
    CommandLine cli = new CommandLine(new ReportCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  /**
   * Two tasks. Task 0 wrote day 1 twice (version 1, then version 3 after late events) and day 2
   * once; task 1 wrote day 1 once. The report must use task 0's version 3, not its version 1.
   */
  private void writeLake(long controlUnits, long treatmentUnits, long multipleExposure) throws Exception {
    List<ExperimentStatsRow> task0 = new ArrayList<>();
    task0.add(count(0, 1, "control", DAY1, 999));
    task0.add(metric(0, 1, "control", "signup", "proportion", DAY1, 999, 999, 999));
    task0.add(count(0, 3, "control", DAY1, controlUnits - 100));
    task0.add(count(0, 3, "treatment", DAY1, treatmentUnits - 100));
    task0.add(metric(0, 3, "control", "signup", "proportion", DAY1, controlUnits - 100, 40, 40));
    task0.add(metric(0, 3, "treatment", "signup", "proportion", DAY1, treatmentUnits - 100, 70, 70));
    task0.add(metric(0, 3, "control", "revenue", "mean", DAY1, controlUnits - 100, 900, 30_000));
    task0.add(metric(0, 3, "treatment", "revenue", "mean", DAY1, treatmentUnits - 100, 1100, 41_000));
    task0.add(ExperimentStatsRow.count(Kind.MULTIPLE_EXPOSURE, 0, 3, WM, "checkout", null, DAY2, multipleExposure));
    List<ExperimentStatsRow> task1 = new ArrayList<>();
    task1.add(count(1, 2, "control", DAY2, 100));
    task1.add(count(1, 2, "treatment", DAY2, 100));
    task1.add(metric(1, 2, "control", "signup", "proportion", DAY2, 100, 10, 10));
    task1.add(metric(1, 2, "treatment", "signup", "proportion", DAY2, 100, 15, 15));
    task1.add(metric(1, 2, "control", "revenue", "mean", DAY2, 100, 200, 5_000));
    task1.add(metric(1, 2, "treatment", "revenue", "mean", DAY2, 100, 260, 7_000));
    task1.add(ExperimentStatsRow.count(Kind.EXPOSURES, 1, 2, WM, "search-ranking", "x", DAY2, 0));
    write(0, task0);
    write(1, task1);
  }

  private static ExperimentStatsRow count(int task, long version, String variant, LocalDate day, long users) {
    Instant wm = task == 0 ? WM : WM.plusSeconds(3600);
    return ExperimentStatsRow.count(Kind.EXPOSURES, task, version, wm, "checkout", variant, day, users);
  }

  private static ExperimentStatsRow metric(int task, long version, String variant, String metric, String type,
      LocalDate day, long users, double sum, double squares) {
    return new ExperimentStatsRow(Kind.METRIC, task, version, task == 0 ? WM : WM.plusSeconds(3600), "checkout",
        variant, metric, type, day, users, sum, squares, null, null, null, null, null, null, null, null, null, null,
        null, null);
  }

  private void write(int task, List<ExperimentStatsRow> rows) throws Exception {
    try (LakeWriter<ExperimentStatsRow> w = LakeWriter.forDataset(ExperimentStatsRow.DATASET)
        .lake(FileSystems.shared().resolve(dir.resolve("lake").toString())).task(task).start(CommitGuard.ALWAYS)) {
      for (ExperimentStatsRow r : rows) {
        w.write(r);
      }
      w.commit(w.preCommit(1, true), CommitGuard.ALWAYS);
    }
  }

  private Path metricsFile() throws Exception {
    Path f = dir.resolve("metrics.yaml");
    Files.writeString(f, """
        settings: {engine: frequentist}
        metrics:
          - {id: signup, kind: conversion, event: Signed Up}
          - {id: revenue, kind: sum, event: Order Completed, property: revenue}
        experiments:
          - {id: checkout, variants: [control, treatment], weights: [0.5, 0.5], metrics: [signup, revenue]}
        """);
    return f;
  }

  @Test
  void json_mergesTheLatestPartialsAndMatchesTheEngineOnHandSummedStatistics() throws Exception {
    writeLake(1100, 1050, 5);

    int code = run("checkout", "--lake", dir.resolve("lake").toString(), "--json", "--metrics",
        metricsFile().toString());

    assertThat(code).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    // Hand-merged: task 0 version 3 (day 1) + task 1 version 2 (day 2); task 0 version 1 ignored.
    var analysis = new ExperimentAnalysis(AnalysisSettings.defaults().withEngine(Engine.FREQUENTIST));
    var expected = analysis.analyze(List.of(0.5, 0.5), List.of(
        MetricInput.of("signup", List.of(new ProportionStatistics(1100, 50), new ProportionStatistics(1050, 85))),
        MetricInput.of("revenue", List.of(new SampleStatistics(1100, 1100, 35_000),
            new SampleStatistics(1050, 1360, 48_000)))));
    for (int m = 0; m < 2; m++) {
      EffectEstimate want = expected.metrics().get(m).effects().get(0);
      JsonNode got = json.at("/metrics/" + m + "/variants/0");
      assertThat(got.get("expected").asDouble()).isCloseTo(want.expected(), within(1e-12));
      assertThat(got.get("ci_low").asDouble()).isCloseTo(want.ciLow(), within(1e-12));
      assertThat(got.get("p_value").asDouble()).isCloseTo(want.pValue(), within(1e-12));
      assertThat(got.get("variant_name").asText()).isEqualTo("treatment");
    }
    assertThat(json.at("/metrics/0/arms/1/units").asLong()).isEqualTo(1050);
    assertThat(json.at("/metrics/0/arms/0/mean").asDouble()).isCloseTo(50.0 / 1100, within(1e-15));
    assertThat(json.get("srm_p_value").asDouble()).isCloseTo(expected.srmPValue(), within(1e-12));
    assertThat(json.at("/variants/0/units").asLong()).isEqualTo(1100);
    assertThat(json.at("/multiple_exposure/units").asLong()).isEqualTo(5);
    assertThat(json.at("/freshness/watermark").asText()).isEqualTo(WM.toString());
    assertThat(json.at("/freshness/tasks").asInt()).isEqualTo(2);
    assertThat(json.get("warnings")).isEmpty();
  }

  @Test
  void text_isAnAlignedTableWithChanceToWinAndWarnings() throws Exception {
    writeLake(1500, 1000, 60);

    int code = run("checkout", "--lake", dir.resolve("lake").toString());

    assertThat(code).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text).startsWith("Experiment checkout\nData up to " + WM + " (event time; the lowest of 2 tasks)\n");
    assertThat(text).contains("Analysis Bayesian, relative lift, 95% credible interval");
    List<String> table = text.lines().dropWhile(l -> !l.startsWith("metric")).takeWhile(l -> !l.isBlank()).toList();
    assertThat(table).hasSize(5);
    assertThat(table.get(0)).contains("chance to win");
    int unitsEnd = table.get(0).indexOf("units") + "units".length();
    assertThat(table.subList(1, 5)).allSatisfy(l -> assertThat(l.charAt(unitsEnd - 1)).isNotEqualTo(' '))
        .allSatisfy(l -> assertThat(l.charAt(unitsEnd)).isEqualTo(' '));
    assertThat(table.get(1)).startsWith("revenue").contains("control").contains("1500");
    assertThat(table.get(2)).contains("treatment").containsPattern("[+-]\\d+\\.\\d\\d% +\\[").endsWith("%");
    assertThat(text).contains("! sample ratio mismatch").contains("! multiple exposure: 60 units (2.3%)");
  }

  @Test
  void unknownExperiment_exits2AndListsTheExperimentsTheLakeHas() throws Exception {
    writeLake(1100, 1050, 0);

    int code = run("nope", "--lake", dir.resolve("lake").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("unknown experiment nope: the lake has checkout, search-ranking");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void runId_reportsFromTheReplaysOutputInsteadOfTheLiveTables() throws Exception {
    writeLake(1100, 1050, 0);
    Path replay = Files.createDirectories(dir.resolve("lake/replay/r1"));
    Files.move(dir.resolve("lake/experiment_stats"), replay.resolve("experiment_stats"));

    int code = run("checkout", "--lake", dir.resolve("lake").toString(), "--run-id", "r1", "--json");

    assertThat(code).as(err.toString()).isZero();
    assertThat(new ObjectMapper().readTree(out.toString()).at("/variants/0/units").asLong()).isEqualTo(1100);
  }

  @Test
  void runIdWithoutOutput_exits2() throws Exception {
    writeLake(1100, 1050, 0);

    int code = run("checkout", "--lake", dir.resolve("lake").toString(), "--run-id", "r9");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--run-id r9: no replay output at " + dir.resolve("lake") + "/replay/r9");
  }

  @Test
  void missingLake_exits2() {
    int code = run("checkout", "--lake", dir.resolve("absent").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--lake " + dir.resolve("absent") + ": no lake at");
  }

  @Test
  void invalidMetricsFile_exits2WithEveryProblemListed() throws Exception {
    writeLake(1100, 1050, 0);
    Path f = dir.resolve("bad.json");
    Files.writeString(f, """
        {"settings": {"alpha": 2},
         "metrics": [{"id": "a", "kind": "sum", "event": "Order Completed"},
                     {"id": "r", "kind": "ratio", "numerator": "a", "denominator": "missing"}],
         "experiments": [{"id": "checkout", "variants": ["control"], "weights": [1, 1]}]}
        """);

    int code = run("checkout", "--lake", dir.resolve("lake").toString(), "--metrics", f.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("settings.alpha: must be between 0 and 1")
        .contains("metrics[0].property: missing")
        .contains("metrics[1].denominator: unknown metric missing")
        .contains("experiments[0].weights: has 2 entries for 1 variants");
  }
}
