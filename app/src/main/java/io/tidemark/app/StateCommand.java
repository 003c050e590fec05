package io.tidemark.app;

import io.tidemark.engine.checkpoint.CheckpointStorage;
import io.tidemark.engine.checkpoint.Savepoints;
import io.tidemark.engine.checkpoint.StateExport;
import io.tidemark.engine.checkpoint.TaskCheckpoint;
import io.tidemark.pipeline.LiveJob;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tidemark state}: looks into the live job's state outside the engine. */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    description = "Inspect job state in checkpoints and savepoints.",
    subcommands = StateCommand.Export.class)
final class StateCommand {

  /**
   * {@code tidemark state export}: the newest checkpoint of every task in a savepoint or a
   * checkpoint storage, as JSON lines {@code <out>/task-<n>.jsonl} (see {@link StateExport}).
   */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Write the state of every task of a savepoint or checkpoint storage as JSON lines, <out>/task-<n>.jsonl.")
  static final class Export implements Callable<Integer> {

    private static final Pattern TASK_DIR = Pattern.compile("task-(\\d+)");

    @Spec CommandSpec spec;

    @Option(names = "--snapshot", required = true, paramLabel = "URI", description = "A savepoint, or the workers' checkpoint storage.")
    String snapshot;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Local directory for the JSON lines.")
    Path out;

    @Option(names = "--job", defaultValue = LiveJob.NAME, paramLabel = "NAME",
        description = "The job, for checkpoint storage (a savepoint names its own; default: ${DEFAULT-VALUE}).")
    String job;

    @Override
    public Integer call() throws Exception {
      CheckpointStorage storage;
      try {
        storage = Savepoints.open(snapshot);
      } catch (java.io.IOException notASavepoint) {
        storage = CheckpointStorage.at(snapshot, job);
      }
      List<String> dirs = storage.files().listDirectories(storage.job());
      Files.createDirectories(out);
      Path scratch = Files.createTempDirectory("tidemark-state-export");
      PrintWriter w = spec.commandLine().getOut();
      int exported = 0;
      for (String dir : dirs) {
        Matcher m = TASK_DIR.matcher(dir);
        if (!m.matches()) {
          continue;
        }
        int task = Integer.parseInt(m.group(1));
        Optional<TaskCheckpoint> c = storage.latest(task);
        if (c.isEmpty()) {
          continue;
        }
        Path file = out.resolve("task-" + task + ".jsonl");
        long entries;
        try (OutputStream o = Files.newOutputStream(file)) {
          entries = StateExport.export(storage, c.get(), scratch.resolve("task-" + task), o);
        }
        w.println("task " + task + "  checkpoint " + c.get().id() + "  " + entries + " entries -> " + file);
        exported++;
      }
      try (var walk = Files.walk(scratch)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
      if (exported == 0) {
        throw new Exits.ConfigurationException(List.of("--snapshot " + snapshot + ": no checkpoint of job "
            + storage.job() + " there"));
      }
      w.flush();
      return Exits.OK;
    }
  }
}
