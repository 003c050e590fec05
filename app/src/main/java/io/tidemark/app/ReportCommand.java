package io.tidemark.app;

import io.tidemark.experiment.metrics.MetricsConfig;
import io.tidemark.experiment.report.ExperimentReport;
import io.tidemark.experiment.report.ExperimentReports;
import io.tidemark.experiment.report.LakeNotFoundException;
import io.tidemark.experiment.report.ReportJson;
import io.tidemark.experiment.report.ReportText;
import io.tidemark.experiment.report.UnknownExperimentException;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.fs.Location;
import io.tidemark.pipeline.Replay;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tidemark report EXPERIMENT --lake URI [--run-id ID] [--json] [--metrics FILE]}: merges the
 * experiment's per-task partials from {@code <lake>/experiment_stats} (or a replay's, {@code
 * <lake>/replay/<ID>/experiment_stats}) and prints the readout. Exit 0 with the
 * report; 2 when the metrics file has problems (all listed), the lake does not exist, or the lake
 * has no such experiment (the ones it has are listed); 1 on any other failure.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Print an experiment's readout from the lake: per metric and variant the units, mean, lift with"
          + " its interval, p-value (frequentist) or chance to win (Bayesian); SRM and multiple-exposure"
          + " warnings; how fresh the data is.",
      "Metrics, variants, weights and analysis settings come from --metrics; without it every metric"
          + " in the lake is shown with default settings (Bayesian, relative lift)."
    })
final class ReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "The experiment id (experiment_id of Experiment Viewed).")
  String experiment;

  @Option(names = "--lake", required = true, paramLabel = "URI", description = "The lake root: a directory or a Hadoop URI (file://, hdfs://, s3a://).")
  String lake;

  @Option(names = "--run-id", paramLabel = "ID",
      description = "Report from the output of replay run ID (<lake>/replay/<ID>) instead of the live tables.")
  String runId;

  @Option(names = "--json", description = "Print JSON (the tidemark stats readout plus variants, warnings and freshness).")
  boolean json;

  @Option(names = "--metrics", paramLabel = "FILE", description = "The metrics configuration (JSON, or YAML for .yaml/.yml).")
  Path metrics;

  @Override
  public Integer call() throws IOException {
    CommandLine cli = spec.commandLine();
    ExperimentReport report;
    try {
      report = build();
    } catch (Exits.ConfigurationException e) {
      return Exits.report(e, cli, null);
    }
    PrintWriter out = cli.getOut();
    out.print(json ? ReportJson.toJson(report).toPrettyString() + System.lineSeparator() : ReportText.format(report));
    out.flush();
    return Exits.OK;
  }

  private ExperimentReport build() throws IOException {
    MetricsConfig config = MetricsOption.load(metrics, MetricsConfig.empty());
    if (runId != null && !Replay.RUN_ID.matcher(runId).matches()) {
      throw new Exits.ConfigurationException(
          List.of("--run-id must be letters, digits, '.', '_', '-' (at most 100): " + runId));
    }
    String tables = runId == null ? lake : Replay.outputOf(lake, runId);
    Location root;
    try {
      root = FileSystems.shared().resolve(tables);
    } catch (RuntimeException e) {
      throw new Exits.ConfigurationException(List.of("--lake " + lake + ": not a path or URI: " + e.getMessage()));
    }
    try {
      return ExperimentReports.build(root, experiment, config);
    } catch (LakeNotFoundException e) {
      throw new Exits.ConfigurationException(List.of(runId == null ? "--lake " + lake + ": " + e.getMessage()
          : "--run-id " + runId + ": no replay output at " + tables));
    } catch (UnknownExperimentException e) {
      throw new Exits.ConfigurationException(List.of(e.getMessage()));
    }
  }
}
