package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code tidemark} commands in-process, as the {@code tidemark} script would. */
final class Commands {
  private Commands() {}

  /** Runs {@code tidemark args...}; returns what it printed on stdout; fails unless it exits 0. */
  static String ok(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Tidemark.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    assertThat(code).as("tidemark " + String.join(" ", args) + "\n" + err).isZero();
    return out.toString();
  }
}
