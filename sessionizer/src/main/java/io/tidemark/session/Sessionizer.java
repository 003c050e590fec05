package io.tidemark.session;

import io.tidemark.engine.api.DataStream;
import io.tidemark.engine.api.OutputTag;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.events.Envelope;
import io.tidemark.lake.datasets.LateRow;
import io.tidemark.lake.datasets.SessionRow;
import io.tidemark.session.dedup.Dedup;
import io.tidemark.session.internals.SessionFunction;
import java.util.Objects;

/**
 * Wires dedup and sessionization onto a stream of envelopes timestamped by
 * {@link Envelope#timestamp()}:
 *
 * <pre>{@code
 * DataStream<SessionRow> sessions = Sessionizer.sessions(events, SessionizerConfig.defaults());
 * sessions.sink("sessions", lakeSink(SessionRow.DATASET));
 * sessions.sideOutput(Sessionizer.LATE).sink("late", lakeSink(LateRow.DATASET));
 * }</pre>
 *
 * <p>The output holds versions: readers keep the highest {@code version} per {@code session_id}
 * and drop it if {@code is_deleted}. Operator names ({@link #DEDUP}, {@link #SESSIONS}) name state
 * on disk: keep them across releases.
 */
public final class Sessionizer {

    /** Events beyond the allowed lateness, as rows of {@code lake/late}. */
    public static final OutputTag<LateRow> LATE = OutputTag.of("sessionizer.late");
    public static final String DEDUP = "sessionizer-dedup";
    public static final String SESSIONS = "sessionizer-sessions";
    /** The {@code pipeline} column of the late rows this operator writes. */
    public static final String PIPELINE = "sessionizer";

    private Sessionizer() {
    }

    /** Dedup, then sessions keyed by {@link Envelope#partitionKey()}. */
    public static DataStream<SessionRow> sessions(DataStream<Envelope> events, SessionizerConfig config) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(config, "config");
        return sessionsOfUnique(Dedup.apply(events, DEDUP, config.dedupTtl()), config);
    }

    /** Sessions of a stream that is already free of duplicates (a pipeline that dedups once for all). */
    public static DataStream<SessionRow> sessionsOfUnique(DataStream<Envelope> unique, SessionizerConfig config) {
        return unique.keyBy(Envelope::partitionKey, Serdes.STRING)
                .process(SESSIONS, () -> new SessionFunction(config, LATE, PIPELINE));
    }
}
