package io.tidemark.experiment.report;

import java.util.Set;

/** The lake holds no rows of the experiment asked for; {@link #known()} lists those it holds. */
public final class UnknownExperimentException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String experiment;
  private final Set<String> known;

  public UnknownExperimentException(String experiment, Set<String> known) {
    super("unknown experiment " + experiment + ": "
        + (known.isEmpty() ? "the lake has no experiment data yet" : "the lake has " + String.join(", ", known)));
    this.experiment = experiment;
    this.known = Set.copyOf(known);
  }

  public String experiment() {
    return experiment;
  }

  public Set<String> known() {
    return known;
  }
}
