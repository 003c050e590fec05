package io.tidemark.session.internals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tidemark.engine.api.KeyedProcessFunction;
import io.tidemark.engine.api.OutputTag;
import io.tidemark.engine.api.RuntimeContext;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.state.ValueState;
import io.tidemark.engine.state.ValueStateDescriptor;
import io.tidemark.events.Envelope;
import io.tidemark.lake.datasets.LateRow;
import io.tidemark.lake.datasets.SessionRow;
import io.tidemark.session.SessionRules;
import io.tidemark.session.SessionizerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Event-time sessions per key (device), as versioned rows.
 *
 * <p>Contract, with watermark {@code W}, gap {@code G} and allowed lateness {@code L}:
 * <ul>
 *   <li>An event at {@code t <= W - L} is too late: it goes to the late output, nothing changes.
 *   <li>Otherwise it joins every session of its source (and max-duration cell) with
 *       {@code start - G <= t <= end + G}; joining two sessions merges them.
 *   <li>A session is written when {@code W >= end + G}, and again (version + 1) whenever a later
 *       event changes it. Its id is {@link SessionIds} of its first event; when that changes (a
 *       merge, or a late event that is now the first), the ids written before are retired with a
 *       tombstone version ({@code is_deleted}). Retired ids never come back: a session's first
 *       event only moves earlier.
 *   <li>A session leaves state once {@code W >= end + G + L} (checked on a timer rounded up to the
 *       hour): every event that could still touch it would have to be at
 *       {@code t <= end + G <= W - L}, which is too late.
 * </ul>
 * Timers: a session has one timer pending at a time, at or before its next action: its emission
 * while it has unwritten changes (dirty), else its cleanup. A session that changes while unwritten
 * keeps the timer it has (set at its earlier due time); when a timer fires, the next action's timer
 * is set for each dirty session of the key. A clean session's cleanup timer was set when it was
 * written, at its due time then, and its due time cannot have moved since (a change makes it dirty),
 * so a firing sets no timer for it. So an event that extends a session costs no timer work (the
 * common case), a session's timer moves at most once per gap of event time, and a firing sets one
 * timer per session it wrote or found dirty, not one per session of the key. Stale timers fire as
 * no-ops.
 * So the latest non-deleted versions are the gap-sessions of the accepted events, whatever their
 * arrival order.
 */
public final class SessionFunction implements KeyedProcessFunction<String, Envelope, SessionRow> {

    public static final String LATE_REASON = "beyond_allowed_lateness";
    /** Cleanup timers are rounded up to this (1 h): a session may stay in state that much longer. */
    static final long CLEANUP_GRID = 3_600_000;

    private final SessionizerConfig config;
    private final OutputTag<LateRow> lateTag;
    private final String pipeline;
    private final long lateness;
    private ValueState<KeySessions> state;
    private Counter late;
    private Counter written;
    private Counter tombstones;

    public SessionFunction(SessionizerConfig config, OutputTag<LateRow> lateTag, String pipeline) {
        this.config = config;
        this.lateTag = lateTag;
        this.pipeline = pipeline;
        this.lateness = config.allowedLateness().toMillis();
    }

    @Override
    public void open(RuntimeContext runtime) {
        state = runtime.state(ValueStateDescriptor.of("sessions", Serdes.json(KeySessions.class)));
        MeterRegistry m = runtime.metrics();
        String task = runtime.task().id();
        late = Counter.builder("tidemark.sessionizer.late").tag("task", task)
                .description("Events beyond the allowed lateness, sent to the late output").register(m);
        written = Counter.builder("tidemark.sessionizer.session.versions").tag("task", task)
                .description("Session versions written (first versions and updates)").register(m);
        tombstones = Counter.builder("tidemark.sessionizer.session.tombstones").tag("task", task)
                .description("Session ids retired by a merge or a new first event").register(m);
    }

    @Override
    public void processElement(Envelope e, Context<String, SessionRow> ctx) {
        long t = ctx.timestamp();
        long w = ctx.timerService().currentWatermark();
        if (w != Long.MIN_VALUE && t <= w - lateness) {
            late.increment();
            ctx.output(lateTag, Rows.late(e, LATE_REASON, pipeline, w));
            return;
        }
        SessionRules rules = config.rulesFor(e.source());
        long gap = rules.gapMillis();
        long bucket = rules.bucketOf(t);
        KeySessions held = state.value();
        List<OpenSession> sessions = held == null ? new ArrayList<>() : new ArrayList<>(held.sessions());

        OpenSession merged = null;
        boolean timerPending = false;
        for (int i = sessions.size() - 1; i >= 0; i--) {
            OpenSession s = sessions.get(i);
            SessionAgg a = s.agg();
            if (a.source().equals(e.source()) && a.bucket() == bucket && a.touches(t, gap)) {
                // a dirty session in state has an emission timer pending at or before its due time
                timerPending |= s.dirty();
                merged = merged == null ? s : s.merge(merged);
                sessions.remove(i);
            }
        }
        // the sessions the event joins are merged first, so that the event's summary reads only
        // the fields it can change (summaries merge associatively and commutatively)
        SessionAgg event = SessionAgg.of(e, t, bucket, merged == null ? null : merged.agg());
        merged = merged == null ? OpenSession.of(event) : merged.add(event);
        long due = merged.agg().end() + gap;
        if (due <= w) {
            merged = emit(merged, ctx);
            ctx.timerService().registerEventTimeTimer(cleanupTimer(due));
        } else if (!timerPending) {
            ctx.timerService().registerEventTimeTimer(due);
        }
        sessions.add(merged);
        state.update(new KeySessions(sessions));
    }

    /**
     * Timers are lazy: extending a session does not move its timers, so a timer may fire before
     * the session it was set for is due. Each firing emits what is due, drops what is past the
     * allowed lateness, and sets the next timers of what stays (a queue holds a (key, time) once).
     */
    @Override
    public void onTimer(long timestamp, Context<String, SessionRow> ctx) {
        KeySessions held = state.value();
        if (held == null) {
            return;
        }
        long w = ctx.timerService().currentWatermark();
        List<OpenSession> kept = new ArrayList<>(held.sessions().size());
        boolean changed = false;
        for (OpenSession s : held.sessions()) {
            long due = s.agg().end() + config.rulesFor(s.agg().source()).gapMillis();
            boolean wasDirty = s.dirty();
            if (wasDirty && due <= w) {
                s = emit(s, ctx);
                changed = true;
            }
            if (due + lateness <= w) {
                changed = true;
                continue;
            }
            kept.add(s);
            if (wasDirty) {
                // a session that was clean already has its cleanup timer pending (set when it was
                // written; any change since would have made it dirty), later than this firing
                ctx.timerService().registerEventTimeTimer(s.dirty() ? due : cleanupTimer(due));
            }
        }
        if (!changed) {
            return;
        }
        if (kept.isEmpty()) {
            state.clear();
        } else {
            state.update(new KeySessions(kept));
        }
    }

    /** Writes the session (and tombstones for the ids it retires); returns it clean. */
    private OpenSession emit(OpenSession s, Context<String, SessionRow> ctx) {
        SessionAgg a = s.agg();
        String id = SessionIds.of(a.source(), ctx.key(), a.start(), a.first().messageId());
        long version = 1;
        for (Emitted old : s.emitted()) {
            if (old.sessionId().equals(id)) {
                version = old.version() + 1;
            } else {
                ctx.collect(Rows.tombstone(old, a), a.end());
                tombstones.increment();
            }
        }
        ctx.collect(Rows.session(a, id, version), a.end());
        written.increment();
        return new OpenSession(a, List.of(new Emitted(id, version, a.start(), a.end())), false);
    }

    /** When a session due at {@code due} may leave state: {@code due + L}, rounded up to the grid. */
    private long cleanupTimer(long due) {
        long at = due + lateness;
        return Math.floorDiv(at + CLEANUP_GRID - 1, CLEANUP_GRID) * CLEANUP_GRID;
    }
}
