package io.tidemark.pipeline;

import io.tidemark.engine.api.DataStream;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.lake.LakeSink;
import io.tidemark.events.Envelope;
import io.tidemark.experiment.metrics.MetricsConfig;
import io.tidemark.experiment.stream.ExperimentStream;
import io.tidemark.experiment.stream.ExperimentStreamSettings;
import io.tidemark.experiment.stream.LateEvent;
import io.tidemark.lake.datasets.ExperimentStatsRow;
import io.tidemark.lake.datasets.ExperimentUnitRow;
import io.tidemark.lake.datasets.LateRow;
import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.datasets.SessionRow;
import io.tidemark.lake.schema.Dataset;
import io.tidemark.lake.write.LakeWriterConfig;
import io.tidemark.session.Sessionizer;
import io.tidemark.session.SessionizerConfig;
import io.tidemark.session.dedup.Dedup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The job graph shared by {@code tidemark worker} (live, from Kafka) and {@code tidemark replay}
 * (bounded, from stored logs), so that both compute the same rows from the same events:
 *
 * <pre>
 * events ─┬─▶ raw archive                                   ─▶ &lt;lake&gt;/raw
 *         └─▶ dedup ─┬─▶ sessionizer ─┬─▶ sessions           ─▶ &lt;lake&gt;/sessions
 *                    │                └─▶ late (sessionizer) ─▶ &lt;lake&gt;/late
 *                    └─▶ experiments ─┬─▶ units              ─▶ &lt;lake&gt;/experiment_units
 *                                     ├─▶ partials           ─▶ &lt;lake&gt;/experiment_stats
 *                                     └─▶ late (experiments) ─▶ &lt;lake&gt;/late
 * </pre>
 *
 * The source emits {@link LoggedEvent}s: envelopes with their Kafka coordinates, which only the
 * raw archive keeps; the operators see the envelopes. Every event goes to {@code raw}, duplicates
 * included (the archive is what arrived); dedup runs
 * once, and both the sessionizer and the experiments read its output. The experiments' session
 * metrics come from the device's own events in the experiment operator, not from the sessionizer's
 * rows (which are per source and written only when a session closes), so the two branches are
 * independent. Both branches send late events to {@code late}, told apart by {@code reason} and
 * {@code pipeline}. A graph may be built for some tables only ({@link OutputTables}): the operators
 * no selected table needs are left out. Event time is {@link Envelope#timestamp()}. Sink and operator names name state
 * and checkpoint entries: keep them across releases.
 */
public final class LivePipeline {

  /** The name of the pipeline's one source, of {@link LoggedEvent}s. */
  public static final String SOURCE = "events";
  public static final String RAW_SINK = "raw-lake";
  public static final String SESSIONS_SINK = "sessions-lake";
  public static final String LATE_SINK = "late-lake";
  public static final String EXPERIMENT_UNITS_SINK = "experiment-units-lake";
  public static final String EXPERIMENT_STATS_SINK = "experiment-stats-lake";
  /** The experiments' late events, into the same {@code late} files as the sessionizer's. */
  public static final String EXPERIMENT_LATE_SINK = "experiment-late-lake";

  public static final String RAW = RawRow.DATASET.name();
  public static final String SESSIONS = SessionRow.DATASET.name();
  public static final String LATE = LateRow.DATASET.name();
  public static final String EXPERIMENT_UNITS = ExperimentUnitRow.DATASET.name();
  public static final String EXPERIMENT_STATS = ExperimentStatsRow.DATASET.name();

  /** The lake tables the graph writes, in the order of {@link Graph#sinks()}. */
  public static final List<String> TABLES = List.of(RAW, SESSIONS, LATE, EXPERIMENT_UNITS, EXPERIMENT_STATS);

  /** The pipeline and its lake sinks (a bounded run drives their commits itself). */
  public record Graph(Pipeline pipeline, List<LakeSink<?, ?>> sinks) {
  }

  /**
   * What the graph computes besides the raw archive, and how it writes files.
   *
   * @param sessions dedup and sessionizer settings
   * @param experiments the experiment operators' settings, with the metrics configuration
   * @param files how the lake sinks size their files (when rows become visible)
   */
  public record Settings(SessionizerConfig sessions, ExperimentStreamSettings experiments, LakeWriterConfig files) {
    public Settings {
      Objects.requireNonNull(sessions, "sessions");
      Objects.requireNonNull(experiments, "experiments");
      Objects.requireNonNull(files, "files");
    }

    /** Default sessions and files; experiments with the built-in metrics ({@link MetricsConfig#builtIn()}). */
    public static Settings defaults() {
      return withMetrics(MetricsConfig.builtIn());
    }

    /** Default sessions and files; experiments computing the metrics of {@code metrics}. */
    public static Settings withMetrics(MetricsConfig metrics) {
      return new Settings(SessionizerConfig.defaults(), ExperimentStreamSettings.defaults(metrics),
          LakeWriterConfig.DEFAULTS);
    }

    public Settings withFiles(LakeWriterConfig value) {
      return new Settings(sessions, experiments, value);
    }
  }

  private LivePipeline() {
  }

  /**
   * Builds the graph named {@code name} writing every table under {@code lake} (a directory or
   * Hadoop URI). The source is {@code Sources.empty()}: the worker or the replay pushes the envelopes.
   */
  public static Graph build(String name, String lake, Settings settings) {
    return build(name, lake, settings, OutputTables.all());
  }

  /**
   * Builds the graph of the operators that {@code tables} need (see {@link OutputTables}), with a lake
   * sink for each selected table only; {@link Graph#sinks()} follows the order of {@link #TABLES}.
   */
  public static Graph build(String name, String lake, Settings settings, OutputTables tables) {
    Objects.requireNonNull(lake, "lake");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(tables, "tables");
    LakeWriterConfig lakeConfig = settings.files();
    Pipeline p = new Pipeline(name);
    DataStream<LoggedEvent> logged =
        p.source(SOURCE, Sources.<LoggedEvent>empty(), e -> e.envelope().timestamp().toEpochMilli());
    List<LakeSink<?, ?>> sinks = new ArrayList<>();
    if (tables.raw()) {
      LakeSink<LoggedEvent, RawRow> raw =
          LakeSink.<LoggedEvent, RawRow>to(RawRow.DATASET, RawRows::of).lake(lake).config(lakeConfig).build();
      logged.sink(RAW_SINK, raw);
      sinks.add(raw);
    }
    if (!tables.sessionizer() && !tables.experiments()) {
      return new Graph(p, List.copyOf(sinks));
    }
    DataStream<Envelope> events = logged.map(LoggedEvent::envelope);
    DataStream<Envelope> unique = Dedup.apply(events, Sessionizer.DEDUP, settings.sessions().dedupTtl());
    FanInSink<LateRow> late = null;
    if (tables.sessionizer()) {
      DataStream<SessionRow> s = Sessionizer.sessionsOfUnique(unique, settings.sessions());
      if (tables.contains(SESSIONS)) {
        LakeSink<SessionRow, SessionRow> sessionRows = identity(SessionRow.DATASET, lake, lakeConfig);
        s.sink(SESSIONS_SINK, sessionRows);
        sinks.add(sessionRows);
      }
      if (tables.contains(LATE)) {
        LakeSink<LateRow, LateRow> lateRows = identity(LateRow.DATASET, lake, lakeConfig);
        late = new FanInSink<>(lateRows);
        s.sideOutput(Sessionizer.LATE).sink(LATE_SINK, late);
        sinks.add(lateRows);
      }
    }
    if (tables.experiments()) {
      ExperimentStream.Outputs x = ExperimentStream.attach(unique, settings.experiments());
      if (tables.contains(EXPERIMENT_UNITS)) {
        LakeSink<ExperimentUnitRow, ExperimentUnitRow> unitRows = identity(ExperimentUnitRow.DATASET, lake, lakeConfig);
        x.units().sink(EXPERIMENT_UNITS_SINK, unitRows);
        sinks.add(unitRows);
      }
      if (tables.contains(EXPERIMENT_STATS)) {
        LakeSink<ExperimentStatsRow, ExperimentStatsRow> statsRows =
            identity(ExperimentStatsRow.DATASET, lake, lakeConfig);
        x.stats().sink(EXPERIMENT_STATS_SINK, statsRows);
        sinks.add(statsRows);
      }
      if (late != null) {
        x.late().map(LivePipeline::lateRow).sink(EXPERIMENT_LATE_SINK, late.secondInput());
      }
    }
    return new Graph(p, List.copyOf(sinks));
  }

  private static LateRow lateRow(LateEvent e) {
    return new LateRow(RawRows.of(e.event()), ExperimentStream.LATE_REASON, ExperimentStream.PIPELINE, e.watermark());
  }

  private static <R> LakeSink<R, R> identity(Dataset<R> dataset, String lake, LakeWriterConfig config) {
    return LakeSink.<R, R>to(dataset, r -> r).lake(lake).config(config).build();
  }
}
