package io.tidemark.app;

import io.tidemark.pipeline.LivePipeline;
import io.tidemark.pipeline.LogFilesInput;
import io.tidemark.pipeline.LoggedEvent;
import io.tidemark.pipeline.OutputTables;
import io.tidemark.pipeline.RawArchiveInput;
import io.tidemark.pipeline.ProgressLine;
import io.tidemark.pipeline.Publish;
import io.tidemark.pipeline.Replay;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tidemark replay}: the live job's operators, bounded, over stored NDJSON logs or the raw
 * archive, into
 * {@code <lake>/replay/<run-id>/}. Re-running a run id deletes its previous output first, so the
 * same input gives the same content. Progress goes to stderr every {@value #PROGRESS_MILLIS} ms;
 * the summary to stdout.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = "Replay stored NDJSON(.gz) logs (Segment events or envelopes) or the raw archive through the live"
        + " job's operators (sessions, experiments with --metrics) into <lake>/replay/<run-id>/.")
final class ReplayCommand implements Callable<Integer> {

  static final long PROGRESS_MILLIS = 2_000;

  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "PATH|GLOB",
      description = "An NDJSON(.gz) file, a directory of them, a glob (quote it: 'logs/2026-03-*.ndjson.gz'), or a raw archive directory <lake>/raw.")
  String input;

  @Option(names = "--lake", required = true, paramLabel = "URI", description = "The lake: a directory or a Hadoop URI.")
  String lake;

  @Option(names = "--run-id", required = true, paramLabel = "ID",
      description = "Names the output <lake>/replay/<ID>; a re-run replaces it. Letters, digits, '.', '_', '-'.")
  String runId;

  @Option(names = "--from", paramLabel = "DATE", description = "First event date to replay (UTC, YYYY-MM-DD, inclusive).")
  String from;

  @Option(names = "--to", paramLabel = "DATE", description = "Last event date to replay (UTC, YYYY-MM-DD, inclusive).")
  String to;

  @Option(names = "--source", defaultValue = "default", paramLabel = "ID",
      description = "Source id of raw Segment lines (envelopes keep theirs; default: ${DEFAULT-VALUE}).")
  String source;

  @Option(names = "--received-at", paramLabel = "INSTANT",
      description = "Arrival time of raw lines without a valid receivedAt (default: the newest input file's modification time).")
  String receivedAt;

  @Option(names = "--publish",
      description = "After the replay, replace the live tables' dt partitions that the replay wrote (previous ones kept under <table>/_replaced/<run-id>/).")
  boolean publish;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Local directory for the replay's state (default: the system temp directory).")
  Path workDir;

  @Option(names = "--tables", paramLabel = "T[,T...]",
      description = "Lake tables to produce, comma-separated (default: all of ${DEFAULT-VALUE}). Only their operators"
          + " run: raw = the raw archive; sessions, late = dedup and the sessionizer; experiment_units,"
          + " experiment_stats = dedup and the experiments. Without an experiment table, late holds the"
          + " sessionizer's late rows only (and cannot be published).")
  String tables = String.join(",", LivePipeline.TABLES);

  private OutputTables selected;

  @Option(names = "--parallelism", paramLabel = "N",
      description = "Replay tasks running at once; log files are split over N tasks by Kafka's partitioner of the partition key (default: the number of cores).")
  Integer parallelism;

  @Mixin MetricsOption metrics;

  @Override
  public Integer call() throws Exception {
    List<String> problems = new ArrayList<>(metrics.problems());
    LocalDate fromDate = date("--from", from, problems);
    LocalDate toDate = date("--to", to, problems);
    if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) {
      problems.add("--to " + to + " is before --from " + from);
    }
    if (parallelism != null && parallelism < 1) {
      problems.add("--parallelism must be at least 1: " + parallelism);
    }
    try {
      selected = OutputTables.parse(tables);
      if (publish && selected.lateIsPartial()) {
        problems.add("--publish with --tables " + tables + ": late would hold the sessionizer's late rows only and"
            + " replace live partitions that also hold the experiments' late rows; add experiment_units or"
            + " experiment_stats, or leave late out");
      }
    } catch (IllegalArgumentException e) {
      problems.add("--tables " + tables + ": " + e.getMessage());
    }
    if (!Replay.RUN_ID.matcher(runId).matches()) {
      problems.add("--run-id must be letters, digits, '.', '_', '-' (at most 100): " + runId);
    }
    Instant defaultReceivedAt = null;
    if (receivedAt != null) {
      try {
        defaultReceivedAt = Instant.parse(receivedAt);
      } catch (DateTimeParseException e) {
        problems.add("--received-at must be an ISO instant like 2026-03-01T00:00:00Z: " + receivedAt);
      }
    }
    List<Path> files = List.of();
    boolean archive = false;
    try {
      archive = RawArchiveInput.isRawArchive(input);
    } catch (IOException | IllegalArgumentException e) {
      // not a lake directory or URI: try it as log files
    }
    try {
      files = archive ? List.of() : LogFilesInput.resolve(input);
      if (!archive && files.isEmpty()) {
        problems.add("--input " + input + ": no NDJSON files there");
      }
    } catch (IOException e) {
      problems.add("--input " + e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new Exits.ConfigurationException(problems);
    }
    if (archive) {
      return replayArchive(fromDate, toDate);
    }
    if (defaultReceivedAt == null) {
      defaultReceivedAt = newestModification(files);
    }
    Path work = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String output = Replay.outputOf(lake, runId);
    out.println("tidemark replay " + runId + ": " + files.size() + " file(s) -> " + output + "/{" + selected + "}");
    out.flush();
    try (LogFilesInput in = new LogFilesInput(files, defaultReceivedAt, source)) {
      ProgressLine progress = new ProgressLine(err, runId, in::bytesRead, in.totalBytes(), PROGRESS_MILLIS);
      Replay.Options options = options(work, fromDate, toDate);
      Replay.Result r = Replay.run(in, options, progress);
      progress.finish(r.events(), r.nanos());
      summary(out, r, in.rejected(), output);
    }
    publishIfAsked(out);
    return Exits.OK;
  }

  /** The raw archive: one replay task per Kafka partition it holds (see {@link RawArchiveInput}). */
  private int replayArchive(LocalDate fromDate, LocalDate toDate) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String output = Replay.outputOf(lake, runId);
    List<Iterator<LoggedEvent>> streams = RawArchiveInput.streams(input, fromDate, toDate);
    out.println("tidemark replay " + runId + ": raw archive " + input + " (" + streams.size() + " stream(s)) -> "
        + output + "/{" + selected + "}");
    out.flush();
    ProgressLine progress = new ProgressLine(err, runId, () -> 0, 0, PROGRESS_MILLIS);
    Path work = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"));
    Replay.Options options = options(work, fromDate, toDate);
    Replay.Result r = Replay.run(streams, options, progress);
    progress.finish(r.events(), r.nanos());
    summary(out, r, 0, output);
    publishIfAsked(out);
    return Exits.OK;
  }

  private Replay.Options options(Path work, LocalDate fromDate, LocalDate toDate) {
    Replay.Options o = new Replay.Options(lake, runId, work, fromDate, toDate, metrics.settings()).withTables(selected);
    return parallelism == null ? o : o.withParallelism(parallelism);
  }

  private void summary(PrintWriter out, Replay.Result r, long rejected, String output) {
    out.printf("replayed %d events (%d outside --from/--to, %d lines rejected) in %.1f s%n", r.events(), r.skipped(),
        rejected, r.nanos() / 1e9);
    for (String table : selected.names()) {
      out.printf("  %-17s %s/%s%n", table, output, table);
    }
    out.flush();
  }

  private void publishIfAsked(PrintWriter out) throws IOException {
    if (!publish) {
      return;
    }
    List<String> replaced = Publish.publish(lake, runId, selected);
    out.println("published " + replaced.size() + " partition(s) into " + lake + ": " + String.join(", ", replaced));
    out.flush();
  }

  private static LocalDate date(String option, String value, List<String> problems) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      problems.add(option + " must be a date YYYY-MM-DD: " + value);
      return null;
    }
  }

  private static Instant newestModification(List<Path> files) throws IOException {
    Instant newest = Instant.EPOCH;
    for (Path f : files) {
      Instant t = Files.getLastModifiedTime(f).toInstant();
      newest = t.isAfter(newest) ? t : newest;
    }
    return newest;
  }
}
