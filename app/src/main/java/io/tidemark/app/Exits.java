package io.tidemark.app;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Maps failures to the documented exit codes and prints them as one clear message each. */
final class Exits {
  static final int OK = 0;
  static final int RUNTIME_FAILURE = 1;
  static final int USAGE = 2;

  private Exits() {}

  /** A configuration problem found before anything started: exit 2 with every problem listed. */
  static final class ConfigurationException extends RuntimeException {
    private final List<String> problems;

    ConfigurationException(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    List<String> problems() {
      return problems;
    }
  }

  static int codeOf(Throwable t) {
    return t instanceof ConfigurationException ? USAGE : RUNTIME_FAILURE;
  }

  static int report(Exception e, CommandLine cli, ParseResult parsed) {
    var err = cli.getErr();
    if (e instanceof ConfigurationException config) {
      err.println("tidemark " + cli.getCommandName() + ": configuration error");
      config.problems().forEach(p -> err.println("  - " + p));
      return USAGE;
    }
    err.println("tidemark " + cli.getCommandName() + ": " + e);
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      err.println("  caused by: " + cause);
    }
    if (System.getenv("TIDEMARK_STACKTRACE") != null) {
      e.printStackTrace(err);
    } else {
      err.println("  (set TIDEMARK_STACKTRACE=1 for the stack trace)");
    }
    return RUNTIME_FAILURE;
  }
}
