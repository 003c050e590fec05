package io.tidemark.gateway;

import java.util.List;

/** An invalid gateway configuration, with every problem found (not only the first). */
public final class GatewayConfigException extends RuntimeException {
  private final List<String> problems;

  public GatewayConfigException(List<String> problems) {
    super(problems.size() == 1 ? problems.get(0) : problems.size() + " problems: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem as one sentence naming the setting. */
  public List<String> problems() {
    return problems;
  }
}
