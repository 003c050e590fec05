package io.tidemark.pipeline;

import io.tidemark.events.Envelope;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.fs.Location;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;

/**
 * A bounded run of {@link LivePipeline} over stored events, writing under
 * {@code <lake>/replay/<runId>/<table>/dt=...} for the selected tables of the graph ({@code raw},
 * {@code sessions}, {@code late}, {@code experiment_units}, {@code experiment_stats}; all by default,
 * see {@link OutputTables}), in {@code parallelism} tasks that run
 * concurrently, each on its own thread with its own RocksDB, watermark and output files.
 *
 * <p>One stream of events is split as the gateway splits events into Kafka partitions: by Kafka's
 * partitioner (murmur2 of {@link Envelope#partitionKey()}) modulo {@code parallelism}, so every
 * device's events, and every copy of a retried event, go to one task in input order; with
 * {@code parallelism} equal to the live topic's partition count each task sees exactly what one live
 * task saw. Sessions do not depend on the split (up to events near the allowed lateness, as live);
 * the output files do, and the same input with the same parallelism gives the same files' content.
 *
 * <p>Idempotent: the run's previous output directory is deleted first. Output becomes visible only
 * at the end and only if every task succeeded: each task pre-commits its files (one drained
 * pre-commit per dataset), and once all have, the pre-commits are committed. A run that dies leaves
 * staging files that the next run with the same id deletes.
 */
public final class Replay {

  /** Run ids name a directory: letters, digits, '.', '_', '-'. */
  public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  /**
   * @param from first event date to keep (UTC, inclusive), or null
   * @param to   last event date to keep (UTC, inclusive), or null
   * @param settings what the graph computes (sessions, experiment metrics), as the live worker's
   * @param parallelism tasks of a split stream, and the most tasks running at once (default: cores)
   * @param tables the tables to produce; only their operators run (default: all)
   */
  public record Options(String lake, String runId, Path workDir, LocalDate from, LocalDate to,
      LivePipeline.Settings settings, int parallelism, OutputTables tables) {
    public Options {
      if (runId == null || !RUN_ID.matcher(runId).matches()) {
        throw new IllegalArgumentException("run id must match " + RUN_ID.pattern() + ": " + runId);
      }
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(tables, "tables");
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
      }
    }

    /** Every table, one task per core. */
    public Options(String lake, String runId, Path workDir, LocalDate from, LocalDate to,
        LivePipeline.Settings settings) {
      this(lake, runId, workDir, from, to, settings, Runtime.getRuntime().availableProcessors(), OutputTables.all());
    }

    /** With the default settings (the built-in experiment metrics, as a worker without --metrics), every table, one task per core. */
    public Options(String lake, String runId, Path workDir, LocalDate from, LocalDate to) {
      this(lake, runId, workDir, from, to, LivePipeline.Settings.defaults());
    }

    public Options withParallelism(int tasks) {
      return new Options(lake, runId, workDir, from, to, settings, tasks, tables);
    }

    public Options withTables(OutputTables value) {
      return new Options(lake, runId, workDir, from, to, settings, parallelism, value);
    }
  }

  /** What a run did: events pushed, events outside --from/--to skipped, wall time. */
  public record Result(String output, long events, long skipped, long nanos) {
  }

  /** A progress report: events handed to the tasks so far, elapsed nanos. */
  public record Progress(long events, long nanos) {
  }

  private static final int PROGRESS_EVERY = 4096;

  private Replay() {
  }

  /** Where the run with {@code runId} writes: {@code <lake>/replay/<runId>}. */
  public static String outputOf(String lake, String runId) {
    return lake.replaceAll("/+$", "") + "/replay/" + runId;
  }

  /** The replay task (of {@code tasks}) that gets the events of {@code partitionKey}: Kafka's partitioner. */
  public static int taskOf(String partitionKey, int tasks) {
    return Utils.toPositive(Utils.murmur2(partitionKey.getBytes(StandardCharsets.UTF_8))) % tasks;
  }

  /**
   * Replays {@code events}, split by partition key into {@code o.parallelism()} concurrent tasks (see
   * the class doc), and commits the output. The events are read and split on this thread;
   * {@code progress} is called on this thread about every {@value #PROGRESS_EVERY} events and once
   * at the end.
   */
  public static Result run(Iterator<Envelope> events, Options o, Consumer<Progress> progress) throws IOException {
    int n = o.parallelism();
    long t0 = System.nanoTime();
    long pushed = 0;
    long skipped = 0;
    String out = cleanOutput(o);
    try (ReplayTasks tasks = startTasks(out, o, n)) {
      List<TaskFeed> feeds = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        TaskFeed f = new TaskFeed();
        feeds.add(f);
        tasks.submit(i, f);
      }
      try {
        while (events.hasNext()) {
          Envelope e = events.next();
          if (!inRange(e, o.from(), o.to())) {
            skipped++;
            continue;
          }
          feeds.get(taskOf(e.partitionKey(), n)).add(LoggedEvent.of(e), tasks::failed);
          if (++pushed % PROGRESS_EVERY == 0) {
            progress.accept(new Progress(pushed, System.nanoTime() - t0));
          }
        }
        for (TaskFeed f : feeds) {
          f.finish(tasks::failed);
        }
      } catch (TaskFeed.Aborted a) {
        // a task failed: await() throws its exception
      }
      ReplayTasks.commit(tasks.await());
    }
    long nanos = System.nanoTime() - t0;
    progress.accept(new Progress(pushed, nanos));
    return new Result(out, pushed, skipped, nanos);
  }

  /**
   * Replays each stream in its own task (task {@code i} reads {@code streams.get(i)} in order, on its
   * own thread, with its own state and watermark), at most {@code o.parallelism()} at once, and
   * commits the output once all have finished. Streams must not share keys (e.g. one per original
   * Kafka partition), or sessions would split. Events that carry Kafka coordinates (read back from
   * a live raw archive) keep them in the replay's raw archive. {@code progress} is called from the task threads, one
   * call at a time, about every {@value #PROGRESS_EVERY} events, and once at the end on this thread.
   */
  public static Result run(List<Iterator<LoggedEvent>> streams, Options o, Consumer<Progress> progress)
      throws IOException {
    long t0 = System.nanoTime();
    String out = cleanOutput(o);
    AtomicLong pushed = new AtomicLong();
    AtomicLong skipped = new AtomicLong();
    Consumer<Progress> serialized = p -> {
      synchronized (progress) {
        progress.accept(p);
      }
    };
    try (ReplayTasks tasks = startTasks(out, o, Math.max(1, Math.min(o.parallelism(), streams.size())))) {
      for (int i = 0; i < streams.size(); i++) {
        Iterator<LoggedEvent> s = streams.get(i);
        Iterator<LoggedEvent> counted = new Iterator<>() {
          private LoggedEvent next;

          @Override
          public boolean hasNext() {
            while (next == null && s.hasNext()) {
              LoggedEvent e = s.next();
              if (!inRange(e.envelope(), o.from(), o.to())) {
                skipped.incrementAndGet();
              } else {
                next = e;
                long n = pushed.incrementAndGet();
                if (n % PROGRESS_EVERY == 0) {
                  serialized.accept(new Progress(n, System.nanoTime() - t0));
                }
              }
            }
            return next != null;
          }

          @Override
          public LoggedEvent next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            LoggedEvent e = next;
            next = null;
            return e;
          }
        };
        tasks.submit(i, counted);
      }
      ReplayTasks.commit(tasks.await());
    }
    long nanos = System.nanoTime() - t0;
    serialized.accept(new Progress(pushed.get(), nanos));
    return new Result(out, pushed.get(), skipped.get(), nanos);
  }

  /** Deletes the run's previous output; returns the output's location. */
  private static String cleanOutput(Options o) throws IOException {
    String out = outputOf(o.lake(), o.runId());
    Location outDir = FileSystems.shared().resolve(out);
    if (outDir.exists()) {
      outDir.fs().delete(outDir.path(), true);
    }
    return out;
  }

  private static ReplayTasks startTasks(String out, Options o, int threads) throws IOException {
    LivePipeline.Graph g = LivePipeline.build("replay-" + o.runId(), out, o.settings(), o.tables());
    Path stateDir = Files.createTempDirectory(Files.createDirectories(o.workDir()), "replay-" + o.runId() + "-");
    return new ReplayTasks(g, stateDir, threads);
  }

  static boolean inRange(Envelope e, LocalDate from, LocalDate to) {
    if (from == null && to == null) {
      return true;
    }
    LocalDate d = LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC);
    return (from == null || !d.isBefore(from)) && (to == null || !d.isAfter(to));
  }
}
