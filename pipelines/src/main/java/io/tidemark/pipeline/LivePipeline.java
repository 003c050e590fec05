package io.tidemark.pipeline;

import io.tidemark.engine.api.DataStream;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.lake.LakeSink;
import io.tidemark.events.Envelope;
import io.tidemark.lake.datasets.LateRow;
import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.datasets.SessionRow;
import io.tidemark.lake.write.LakeWriterConfig;
import io.tidemark.session.Sessionizer;
import io.tidemark.session.SessionizerConfig;
import java.util.List;
import java.util.Objects;

/**
 * The job graph shared by {@code tidemark worker} (live, from Kafka) and {@code tidemark replay}
 * (bounded, from stored logs), so that both compute the same rows from the same events:
 *
 * <pre>
 * events ─┬─▶ raw archive                      ─▶ &lt;lake&gt;/raw
 *         └─▶ dedup ─▶ sessionizer ─┬─▶ sessions ─▶ &lt;lake&gt;/sessions
 *                                   └─▶ late     ─▶ &lt;lake&gt;/late
 * </pre>
 *
 * The source emits {@link LoggedEvent}s: envelopes with their Kafka coordinates, which only the
 * raw archive keeps; the operators see the envelopes. Every event goes to {@code raw}, duplicates
 * included (the archive is what arrived). Event time is {@link Envelope#timestamp()}. Sink and
 * operator names name state and checkpoint entries: keep them across releases.
 */
public final class LivePipeline {

  /** The name of the pipeline's one source, of {@link LoggedEvent}s. */
  public static final String SOURCE = "events";
  public static final String RAW_SINK = "raw-lake";
  public static final String SESSIONS_SINK = "sessions-lake";
  public static final String LATE_SINK = "late-lake";

  /** The pipeline and its lake sinks (a bounded run drives their commits itself). */
  public record Graph(Pipeline pipeline, List<LakeSink<?, ?>> sinks) {
  }

  private LivePipeline() {
  }

  /**
   * Builds the graph named {@code name} writing under {@code lake} (a directory or Hadoop URI). The
   * source is {@code Sources.empty()}: the worker or the replay pushes the envelopes.
   */
  public static Graph build(String name, String lake, LakeWriterConfig lakeConfig, SessionizerConfig sessions) {
    Objects.requireNonNull(lake, "lake");
    Pipeline p = new Pipeline(name);
    DataStream<LoggedEvent> logged =
        p.source(SOURCE, Sources.<LoggedEvent>empty(), e -> e.envelope().timestamp().toEpochMilli());
    LakeSink<LoggedEvent, RawRow> raw =
        LakeSink.<LoggedEvent, RawRow>to(RawRow.DATASET, RawRows::of).lake(lake).config(lakeConfig).build();
    LakeSink<SessionRow, SessionRow> sessionRows =
        LakeSink.<SessionRow, SessionRow>to(SessionRow.DATASET, r -> r).lake(lake).config(lakeConfig).build();
    LakeSink<LateRow, LateRow> lateRows =
        LakeSink.<LateRow, LateRow>to(LateRow.DATASET, r -> r).lake(lake).config(lakeConfig).build();
    logged.sink(RAW_SINK, raw);
    DataStream<Envelope> events = logged.map(LoggedEvent::envelope);
    DataStream<SessionRow> s = Sessionizer.sessions(events, sessions);
    s.sink(SESSIONS_SINK, sessionRows);
    s.sideOutput(Sessionizer.LATE).sink(LATE_SINK, lateRows);
    return new Graph(p, List.of(raw, sessionRows, lateRows));
  }
}
