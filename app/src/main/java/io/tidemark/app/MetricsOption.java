package io.tidemark.app;

import io.tidemark.experiment.metrics.InvalidMetricsConfigException;
import io.tidemark.experiment.metrics.MetricDefinition;
import io.tidemark.experiment.metrics.MetricsConfig;
import io.tidemark.pipeline.LivePipeline;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * {@code --metrics FILE} of the commands that run the job graph ({@code worker}, {@code up},
 * {@code replay}): the metrics configuration the experiment operators compute. Without it they
 * compute the built-in metrics ({@link MetricsConfig#builtIn()}). A broken file is a configuration
 * error (exit 2) with every problem listed, found before anything starts.
 */
final class MetricsOption {

  @Option(names = "--metrics", paramLabel = "FILE",
      description = "Metrics and experiments to compute (JSON, or YAML for .yaml/.yml; see docs/experiments.md)."
          + " Without it every experiment is still attributed, with the built-in metrics sessions and"
          + " session_duration.")
  Path file;

  private MetricsConfig loaded;

  /** The configuration (read once); throws {@link Exits.ConfigurationException} with every problem of a broken file. */
  MetricsConfig config() {
    if (loaded == null) {
      loaded = load(file, MetricsConfig.builtIn());
    }
    return loaded;
  }

  /** Problems of the file, prefixed with the option, or none; for commands that collect every problem first. */
  List<String> problems() {
    try {
      config();
      return List.of();
    } catch (Exits.ConfigurationException e) {
      return e.problems();
    }
  }

  /** The graph's settings with this configuration. */
  LivePipeline.Settings settings() {
    return LivePipeline.Settings.withMetrics(config());
  }

  /** One line for a command's start-up banner: where the metrics come from and which they are. */
  String describe() {
    MetricsConfig c = config();
    String ids = c.metrics().stream().map(MetricDefinition::id).collect(Collectors.joining(", "));
    return (file == null ? "built-in metrics " : file + ": ") + ids
        + (c.experiments().isEmpty() ? "" : " (" + c.experiments().size() + " experiment(s) configured)");
  }

  /** Reads {@code file}, or returns {@code absent} when it is null. */
  static MetricsConfig load(Path file, MetricsConfig absent) {
    if (file == null) {
      return absent;
    }
    try {
      return MetricsConfig.load(file);
    } catch (InvalidMetricsConfigException e) {
      throw new Exits.ConfigurationException(e.problems().stream().map(p -> "--metrics " + file + ": " + p).toList());
    }
  }
}
