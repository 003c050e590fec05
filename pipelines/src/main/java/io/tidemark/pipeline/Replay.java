package io.tidemark.pipeline;

import io.tidemark.engine.api.TaskInfo;
import io.tidemark.engine.checkpoint.TransactionalSink;
import io.tidemark.engine.lake.LakeSink;
import io.tidemark.engine.state.StateBackends;
import io.tidemark.engine.task.Task;
import io.tidemark.events.Envelope;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.write.CommitGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A bounded run of {@link LivePipeline} over stored events, in one task on RocksDB, in input
 * order, writing under {@code <lake>/replay/<runId>/<table>/dt=...} for every table of the
 * graph ({@code raw}, {@code sessions}, {@code late}, {@code experiment_units}, {@code experiment_stats}).
 *
 * <p>Idempotent: the run's previous output directory is deleted first, and the same input in the
 * same order gives the same rows. Output becomes visible only at the end (one drained commit per
 * dataset); a run that dies leaves staging files that the next run with the same id deletes.
 */
public final class Replay {

  /** Run ids name a directory: letters, digits, '.', '_', '-'. */
  public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  /**
   * @param from first event date to keep (UTC, inclusive), or null
   * @param to   last event date to keep (UTC, inclusive), or null
   * @param settings what the graph computes (sessions, experiment metrics), as the live worker's
   */
  public record Options(String lake, String runId, Path workDir, LocalDate from, LocalDate to,
      LivePipeline.Settings settings) {
    public Options {
      if (runId == null || !RUN_ID.matcher(runId).matches()) {
        throw new IllegalArgumentException("run id must match " + RUN_ID.pattern() + ": " + runId);
      }
      Objects.requireNonNull(settings, "settings");
    }

    /** With the default settings (the built-in experiment metrics), as a worker without --metrics. */
    public Options(String lake, String runId, Path workDir, LocalDate from, LocalDate to) {
      this(lake, runId, workDir, from, to, LivePipeline.Settings.defaults());
    }
  }

  /** What a run did: events pushed, events outside --from/--to skipped, wall time. */
  public record Result(String output, long events, long skipped, long nanos) {
  }

  /** A progress report: events pushed so far, elapsed nanos. */
  public record Progress(long events, long nanos) {
  }

  private static final int PROGRESS_EVERY = 4096;

  private Replay() {
  }

  /** Where the run with {@code runId} writes: {@code <lake>/replay/<runId>}. */
  public static String outputOf(String lake, String runId) {
    return lake.replaceAll("/+$", "") + "/replay/" + runId;
  }

  /**
   * Replays {@code events} (in this order) and commits the output. {@code progress} is called on
   * this thread about every {@value #PROGRESS_EVERY} events and once at the end.
   */
  public static Result run(Iterator<Envelope> events, Options o, Consumer<Progress> progress) throws IOException {
    return run(List.of(LoggedEvent.all(events)), o, progress);
  }

  /**
   * Replays each stream in its own task (task {@code i} reads {@code streams.get(i)}, in order, with
   * its own state and watermark), one task after the other, each committing its output at its end.
   * Streams must not share keys (e.g. one per original Kafka partition), or sessions would split.
   * Events that carry Kafka coordinates (read back from a live raw archive) keep them in the
   * replay's raw archive.
   */
  public static Result run(List<Iterator<LoggedEvent>> streams, Options o, Consumer<Progress> progress)
      throws IOException {
    String out = outputOf(o.lake(), o.runId());
    Location outDir = FileSystems.shared().resolve(out);
    if (outDir.exists()) {
      outDir.fs().delete(outDir.path(), true);
    }
    LivePipeline.Graph g = LivePipeline.build("replay-" + o.runId(), out, o.settings());
    Path taskDir = Files.createTempDirectory(Files.createDirectories(o.workDir()), "replay-" + o.runId() + "-");
    long t0 = System.nanoTime();
    long[] counts = new long[2];
    try {
      for (int i = 0; i < streams.size(); i++) {
        runTask(g, i, streams.get(i), taskDir.resolve("task-" + i), o, counts, t0, progress);
      }
    } finally {
      deleteRecursively(taskDir);
    }
    long nanos = System.nanoTime() - t0;
    progress.accept(new Progress(counts[0], nanos));
    return new Result(out, counts[0], counts[1], nanos);
  }

  /** One bounded task: begin the sinks, push, end of input, drained pre-commit, commit. */
  private static void runTask(LivePipeline.Graph g, int index, Iterator<LoggedEvent> events, Path stateDir, Options o,
      long[] counts, long t0, Consumer<Progress> progress) throws IOException {
    TaskInfo info = new TaskInfo(g.pipeline().name(), index);
    try (Task task = Task.builder(g.pipeline()).backend(StateBackends.rocksDb()).task(info).workDir(stateDir)
        .build()) {
      List<TransactionalSink> sinks = new ArrayList<>();
      for (LakeSink<?, ?> s : g.sinks()) {
        TransactionalSink t = s.transactional(info);
        t.begin(Optional.empty(), CommitGuard.ALWAYS);
        sinks.add(t);
      }
      Task.Input<LoggedEvent> in = task.input(LivePipeline.SOURCE);
      while (events.hasNext()) {
        LoggedEvent e = events.next();
        if (!inRange(e.envelope(), o.from(), o.to())) {
          counts[1]++;
          continue;
        }
        in.push(e);
        if (++counts[0] % PROGRESS_EVERY == 0) {
          progress.accept(new Progress(counts[0], System.nanoTime() - t0));
        }
      }
      task.endOfInput();
      List<String> states = new ArrayList<>();
      for (TransactionalSink s : sinks) {
        states.add(s.preCommit(1, true));
      }
      for (int i = 0; i < sinks.size(); i++) {
        sinks.get(i).commit(states.get(i), CommitGuard.ALWAYS);
      }
    }
  }

  static boolean inRange(Envelope e, LocalDate from, LocalDate to) {
    if (from == null && to == null) {
      return true;
    }
    LocalDate d = LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC);
    return (from == null || !d.isBefore(from)) && (to == null || !d.isAfter(to));
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
