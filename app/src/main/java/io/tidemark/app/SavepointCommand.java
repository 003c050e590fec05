package io.tidemark.app;

import io.tidemark.checkpoint.storage.CheckpointFiles;
import io.tidemark.engine.checkpoint.CheckpointStorage;
import io.tidemark.engine.checkpoint.Savepoints;
import io.tidemark.engine.checkpoint.TaskCheckpoint;
import io.tidemark.pipeline.LiveJob;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tidemark savepoint}: copies the newest complete checkpoint of every task of the live job
 * into a self-contained directory, for {@code tidemark worker --from-savepoint} (upgrade, move to
 * other checkpoint storage). May run while workers run (see {@link Savepoints}).
 */
@Command(
    name = "savepoint",
    mixinStandardHelpOptions = true,
    description = "Copy the live job's newest checkpoints into a savepoint directory (for worker --from-savepoint).")
final class SavepointCommand implements Callable<Integer> {

  private static final Pattern TASK_DIR = Pattern.compile("task-(\\d+)");

  @Spec CommandSpec spec;

  @Option(names = "--checkpoints", required = true, paramLabel = "URI", description = "The workers' checkpoint storage.")
  String checkpoints;

  @Option(names = "--to", required = true, paramLabel = "URI", description = "The savepoint directory to create (must be empty or absent).")
  String target;

  @Option(names = "--job", defaultValue = LiveJob.NAME, paramLabel = "NAME", description = "The job (default: ${DEFAULT-VALUE}).")
  String job;

  @Override
  public Integer call() throws Exception {
    CheckpointStorage source = CheckpointStorage.at(checkpoints, job);
    int tasks = 0;
    for (String dir : source.files().listDirectories(job)) {
      Matcher m = TASK_DIR.matcher(dir);
      if (m.matches()) {
        tasks = Math.max(tasks, Integer.parseInt(m.group(1)) + 1);
      }
    }
    if (tasks == 0) {
      throw new Exits.ConfigurationException(List.of("--checkpoints " + checkpoints + ": no task of job " + job + " there"));
    }
    CheckpointFiles to = CheckpointFiles.at(target);
    if (!to.listDirectories("").isEmpty()) {
      throw new Exits.ConfigurationException(List.of("--to " + target + ": not empty"));
    }
    List<TaskCheckpoint> copied = Savepoints.create(source, to, tasks);
    PrintWriter out = spec.commandLine().getOut();
    out.println("savepoint of " + job + " at " + target + ": " + copied.size() + " of " + tasks + " task(s)");
    for (TaskCheckpoint c : copied) {
      out.println("  task " + c.task() + "  checkpoint " + c.id() + "  next offset " + c.offset());
    }
    out.println("start workers from it with: tidemark worker ... --from-savepoint " + target);
    out.flush();
    return Exits.OK;
  }
}
