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

        OpenSession merged = OpenSession.of(SessionAgg.of(e, t, bucket));
        List<Long> oldEnds = new ArrayList<>(2);
        for (int i = sessions.size() - 1; i >= 0; i--) {
            OpenSession s = sessions.get(i);
            SessionAgg a = s.agg();
            if (a.source().equals(e.source()) && a.bucket() == bucket && a.touches(t, gap)) {
                merged = s.merge(merged);
                oldEnds.add(a.end());
                sessions.remove(i);
            }
        }
        long end = merged.agg().end();
        long due = end + gap;
        if (due <= w) {
            merged = emit(merged, ctx);
        }
        sessions.add(merged);
        // A session in state always has its timers pending (those <= W have fired and removed
        // sessions whose cleanup was due), so an unchanged end needs no timer work: the common case.
        for (long oldEnd : oldEnds) {
            if (oldEnd != end) {
                dropTimerUnlessNeeded(sessions, oldEnd + gap, ctx);
            }
        }
        if (!oldEnds.contains(end)) {
            if (due > w) {
                ctx.timerService().registerEventTimeTimer(due);
            }
            ctx.timerService().registerEventTimeTimer(cleanupTimer(due));
        }
        state.update(new KeySessions(sessions));
    }

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
            if (s.dirty() && due <= w) {
                s = emit(s, ctx);
                changed = true;
            }
            if (due + lateness <= w) {
                changed = true;
            } else {
                kept.add(s);
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

    /**
     * Deletes an emission timer of the current key unless a session (of any source) still needs
     * it. Cleanup timers are never deleted: they sit on a coarse grid, so the events of a session
     * share one, and a stale one fires once as a no-op.
     */
    private void dropTimerUnlessNeeded(List<OpenSession> sessions, long timer, Context<String, SessionRow> ctx) {
        if (timer % CLEANUP_GRID == 0) {
            return;
        }
        for (OpenSession s : sessions) {
            if (s.agg().end() + config.rulesFor(s.agg().source()).gapMillis() == timer) {
                return;
            }
        }
        ctx.timerService().deleteEventTimeTimer(timer);
    }

    /** When a session due at {@code due} may leave state: {@code due + L}, rounded up to the grid. */
    private long cleanupTimer(long due) {
        long at = due + lateness;
        return Math.floorDiv(at + CLEANUP_GRID - 1, CLEANUP_GRID) * CLEANUP_GRID;
    }
}
