package io.tidemark.app;

import io.tidemark.engine.runtime.Worker;
import io.tidemark.engine.runtime.WorkerConfig;
import io.tidemark.events.Topics;
import io.tidemark.lake.write.LakeWriterConfig;
import io.tidemark.pipeline.LiveJob;
import io.tidemark.pipeline.LivePipeline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tidemark worker}: the live job ({@link LiveJob}) on {@code tidemark.events} until Ctrl-C
 * or SIGTERM; closing checkpoints the tasks, so a restart resumes where this one stopped. Several
 * workers with the same checkpoint storage share the partitions (one consumer group).
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Run the live job (raw archive, dedup, sessions, experiments, late data) from Kafka into the lake"
        + " until Ctrl-C.")
final class WorkerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--kafka", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
  String kafka;

  @Option(names = "--lake", required = true, paramLabel = "URI", description = "The lake: a directory or a Hadoop URI.")
  String lake;

  @Option(names = "--checkpoints", required = true, paramLabel = "URI", description = "Checkpoint storage: a directory or a Hadoop URI.")
  String checkpoints;

  @Option(names = "--from-savepoint", paramLabel = "URI",
      description = "A savepoint to start tasks from that have no checkpoint yet in --checkpoints.")
  String savepoint;

  @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "tidemark-work",
      description = "Local directory for the tasks' RocksDB state (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--checkpoint-interval", paramLabel = "DURATION", defaultValue = "10s",
      description = "How often each task checkpoints: 500ms, 10s, 2m, or ISO-8601 (default: ${DEFAULT-VALUE}).")
  String checkpointInterval;

  @Option(names = "--file-roll-interval", paramLabel = "DURATION", defaultValue = "60s",
      description = "How long the rows of a quiet day partition wait before their file appears in the lake "
          + "(files also appear once they reach 128 MiB); shorter means a fresher lake and more files: 500ms, 10s, 2m "
          + "(default: ${DEFAULT-VALUE}).")
  String fileRollInterval;

  @Mixin MetricsOption metrics;

  /** Test hook: stop once every partition reaches the end offset it had at assignment. */
  @Option(names = "--stop-at-end", hidden = true)
  boolean stopAtEnd;

  @Override
  public Integer call() throws Exception {
    WorkerConfig config = configuration();
    PrintWriter out = spec.commandLine().getOut();
    LivePipeline.Settings settings =
        metrics.settings().withFiles(LakeWriterConfig.DEFAULTS.withRollInterval(parseDuration(fileRollInterval)));
    try (Shutdown shutdown = Shutdown.onSignal(); Worker worker = LiveJob.start(lake, config, settings)) {
      out.println("tidemark worker is up (job " + worker.jobName() + ")");
      out.println("  reads        " + Topics.EVENTS + " on " + kafka);
      out.println("  writes       " + lake + "/{" + String.join(",", LivePipeline.TABLES) + "}, files within "
          + settings.files().rollInterval().toMillis() + " ms + one checkpoint");
      out.println("  experiments  " + metrics.describe());
      out.println("  rejects to   " + config.rejectedTopic());
      out.println("  checkpoints  " + checkpoints + " every " + config.checkpointInterval().toMillis() + " ms");
      out.println("  state        " + workDir.toAbsolutePath());
      if (savepoint != null) {
        out.println("  savepoint    " + savepoint + " (for tasks without a checkpoint)");
      }
      out.println(stopAtEnd ? "Stops at the end of the topic." : "Ctrl-C stops it (checkpointing first).");
      out.flush();
      // Whichever comes first: the worker ends (failure, or --stop-at-end) or Ctrl-C. Closing the
      // worker (end of the try) then checkpoints its tasks and stops it.
      CountDownLatch done = new CountDownLatch(1);
      daemon("tidemark-worker-end", () -> worker.awaitTermination(), done);
      daemon("tidemark-worker-signal", shutdown::await, done);
      done.await();
      Throwable failure = worker.failure();
      if (failure != null) {
        throw new IllegalStateException("the worker failed: " + failure, failure);
      }
    }
    return Exits.OK;
  }

  private interface Wait {
    void run() throws InterruptedException;
  }

  private static void daemon(String name, Wait wait, CountDownLatch done) {
    Thread t = new Thread(() -> {
      try {
        wait.run();
      } catch (InterruptedException ignored) {
        // the process is ending anyway
      }
      done.countDown();
    }, name);
    t.setDaemon(true);
    t.start();
  }

  WorkerConfig configuration() {
    List<String> problems = new ArrayList<>(metrics.problems());
    Duration interval = null;
    try {
      interval = parseDuration(checkpointInterval);
      if (interval.isZero() || interval.isNegative()) {
        problems.add("--checkpoint-interval must be positive: " + checkpointInterval);
      }
    } catch (IllegalArgumentException e) {
      problems.add("--checkpoint-interval " + e.getMessage());
    }
    try {
      Duration roll = parseDuration(fileRollInterval);
      if (roll.isZero() || roll.isNegative()) {
        problems.add("--file-roll-interval must be positive: " + fileRollInterval);
      }
    } catch (IllegalArgumentException e) {
      problems.add("--file-roll-interval " + e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new Exits.ConfigurationException(problems);
    }
    try {
      WorkerConfig c = WorkerConfig.of(kafka, checkpoints, workDir).withCheckpointInterval(interval)
          .withStopAtEnd(stopAtEnd);
      return savepoint != null ? c.withSavepoint(savepoint) : c;
    } catch (IllegalArgumentException e) {
      throw new Exits.ConfigurationException(List.of(e.getMessage()));
    }
  }

  /** {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT10S}). */
  static Duration parseDuration(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new IllegalArgumentException("must be a duration like 500ms, 10s, 2m: " + s);
      };
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("must be a duration like 500ms, 10s, 2m: " + s);
    }
  }
}
