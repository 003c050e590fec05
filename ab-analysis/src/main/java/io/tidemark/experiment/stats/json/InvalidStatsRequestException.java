package io.tidemark.experiment.stats.json;

import java.util.List;

/** The input could not be read; {@link #problems()} lists every problem found, each with its path. */
public final class InvalidStatsRequestException extends Exception {
  private final List<String> problems;

  public InvalidStatsRequestException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
