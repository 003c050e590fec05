package io.tidemark.app;

import io.tidemark.experiment.stats.json.InvalidStatsRequestException;
import io.tidemark.experiment.stats.json.ReadoutWriter;
import io.tidemark.experiment.stats.json.StatsRequest;
import io.tidemark.experiment.stats.json.StatsRequestReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tidemark stats}: an experiment readout computed from per-variant sufficient statistics
 * given directly, with the engine of {@code io.tidemark.experiment.stats}. Exit 0 with the readout
 * as JSON on stdout (or in {@code --output}); 2 with every problem of the input listed; 1 on any
 * other failure.
 */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = {
      "Compute an experiment readout from per-variant sufficient statistics (JSON in, JSON out).",
      "Frequentist (Welch t-test, sequential confidence sequences) or Bayesian (Gaussian posterior"
          + " on the lift); CUPED, ratio metrics, SRM check, Holm / Benjamini-Hochberg corrections."
    })
final class StatsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "The input JSON: settings, weights and metrics with per-variant statistics"
          + " (- reads standard input).")
  String input;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the readout here instead of standard output.")
  Path output;

  @Override
  public Integer call() throws IOException {
    CommandLine cli = spec.commandLine();
    StatsRequest request;
    try {
      request = read();
    } catch (Exits.ConfigurationException e) {
      return Exits.report(e, cli, null);
    }
    String json = ReadoutWriter.toPrettyString(request.analyze());
    if (output == null) {
      PrintWriter out = cli.getOut();
      out.println(json);
      out.flush();
    } else {
      Files.writeString(output, json + System.lineSeparator(), StandardCharsets.UTF_8);
    }
    return Exits.OK;
  }

  private StatsRequest read() {
    String text;
    try {
      text = "-".equals(input)
          ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
          : Files.readString(Path.of(input), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new Exits.ConfigurationException(
          List.of("--input: cannot read " + input + ": " + describe(e)));
    }
    try {
      return StatsRequestReader.read(text);
    } catch (InvalidStatsRequestException e) {
      throw new Exits.ConfigurationException(
          e.problems().stream().map(p -> input + ": " + p).toList());
    }
  }

  private static String describe(Exception e) {
    return e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString();
  }
}
