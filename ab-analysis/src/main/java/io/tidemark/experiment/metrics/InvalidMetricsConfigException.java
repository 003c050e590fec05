package io.tidemark.experiment.metrics;

import java.util.List;

/** A metrics configuration with problems: every one of them, each prefixed with its path. */
public final class InvalidMetricsConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public InvalidMetricsConfigException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
