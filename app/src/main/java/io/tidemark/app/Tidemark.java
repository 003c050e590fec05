package io.tidemark.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tidemark} command. Exit codes: 0 success, 1 runtime failure, 2 usage or configuration
 * error (every problem listed).
 */
@Command(
    name = "tidemark",
    mixinStandardHelpOptions = true,
    versionProvider = Tidemark.Version.class,
    description = "Client-side logging analytics: ingest gateway, stream engine, lake, dashboards.",
    subcommands = {UpCommand.class, GatewayCommand.class, WorkerCommand.class, ReplayCommand.class,
        SavepointCommand.class, StateCommand.class, ReportCommand.class, StatsCommand.class, CommandLine.HelpCommand.class})
public final class Tidemark {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call this to run commands in-process. */
  public static CommandLine commandLine() {
    return commandLine(new Tidemark());
  }

  /** {@code command} (the root or one subcommand) with the exit codes and error reports of {@link Exits}. */
  static CommandLine commandLine(Object command) {
    CommandLine cli = new CommandLine(command);
    cli.setExitCodeExceptionMapper(Exits::codeOf);
    cli.setExecutionExceptionHandler(Exits::report);
    return cli;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Tidemark.class.getPackage().getImplementationVersion();
      return new String[] {"tidemark " + (v == null ? "development build" : v)};
    }
  }
}
