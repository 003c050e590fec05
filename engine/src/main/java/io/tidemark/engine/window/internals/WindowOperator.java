package io.tidemark.engine.window.internals;

import io.micrometer.core.instrument.Counter;
import io.tidemark.engine.api.KeySelector;
import io.tidemark.engine.api.OutputTag;
import io.tidemark.engine.serde.Serde;
import io.tidemark.engine.state.internals.StateTable;
import io.tidemark.engine.task.internals.Emitter;
import io.tidemark.engine.task.internals.KeyedOperator;
import io.tidemark.engine.task.internals.OperatorServices;
import io.tidemark.engine.time.TimeDomain;
import io.tidemark.engine.window.AggregateFunction;
import io.tidemark.engine.window.LateEvent;
import io.tidemark.engine.window.SessionWindows;
import io.tidemark.engine.window.TimeWindow;
import io.tidemark.engine.window.WindowAssigner;
import io.tidemark.engine.window.WindowResult;

/**
 * Windowed incremental aggregation over keyed state (column {@code <operator>/windows}).
 *
 * <p>Lifecycle of a window {@code [s, e)} with allowed lateness {@code L}, watermark {@code W}:
 * records update it while {@code W < e - 1}; when {@code W >= e - 1} it emits version 0; a record
 * arriving while {@code W < e - 1 + L} updates it and emits the next version at once; once
 * {@code W >= e - 1 + L} the window is dropped and records for it go to the late side output.
 * One event-time timer per key is armed at the earliest due instant (fire or cleanup) rather than
 * one per window, so extending a session does not touch the timer queue.
 */
public final class WindowOperator<K, IN, ACC, OUT> extends KeyedOperator<K, IN> {

    private final WindowAssigner assigner;
    private final long gap;
    private final long lateness;
    private final AggregateFunction<IN, ACC, OUT> aggregate;
    private final Emitter<WindowResult<K, OUT>> out;
    private final OutputTag<LateEvent<IN>> lateTag;
    private final StateTable<K, WindowSet> windows;
    private final Counter lateDropped;

    // scratch for non-merging assignment, reused across records
    private final long[] assignedStarts;
    private final long[] assignedEnds;
    private int assignedCount;
    private final WindowAssigner.WindowSink collectAssigned;

    public WindowOperator(String name, KeySelector<IN, K> keys, Serde<K> keySerde, OperatorServices services,
                          WindowAssigner assigner, long allowedLatenessMillis, AggregateFunction<IN, ACC, OUT> aggregate,
                          Serde<ACC> accumulatorSerde, OutputTag<LateEvent<IN>> lateTag,
                          Emitter<WindowResult<K, OUT>> out) {
        super(name, keys, keySerde, services);
        this.assigner = assigner;
        this.assignedStarts = new long[assigner.maxWindowsPerRecord()];
        this.assignedEnds = new long[assigner.maxWindowsPerRecord()];
        this.collectAssigned = (s, e) -> {
            assignedStarts[assignedCount] = s;
            assignedEnds[assignedCount] = e;
            assignedCount++;
        };
        this.gap = assigner instanceof SessionWindows s ? s.gapMillis() : 0;
        this.lateness = allowedLatenessMillis;
        this.aggregate = aggregate;
        this.out = out;
        this.lateTag = lateTag;
        this.windows = state.table("windows", new WindowSetSerde(accumulatorSerde), false);
        this.lateDropped = Counter.builder("tidemark.engine.late.records")
                .description("Records beyond the allowed lateness of every window they belong to")
                .tag("task", services.task().id()).tag("operator", name).tag("reason", "WINDOW_CLOSED")
                .register(services.metrics());
    }

    @Override
    protected void processElement(K key, IN value, long timestamp) {
        long w = services.watermark().watermark();
        WindowSet ws = windows.get(key, Long.MIN_VALUE);
        if (ws == null) {
            ws = new WindowSet(assigner.isMerging() ? 1 : 2);
        }
        boolean accepted = assigner.isMerging()
                ? addToSession(key, ws, value, timestamp, w)
                : addToWindows(key, ws, value, timestamp, w);
        if (!accepted) {
            lateDropped.increment();
            if (lateTag != null) {
                out.side(lateTag, new LateEvent<>(value, timestamp, w, LateEvent.Reason.WINDOW_CLOSED), timestamp);
            }
            return;
        }
        windows.put(key, ws);
    }

    private boolean addToSession(K key, WindowSet ws, IN value, long ts, long w) {
        long start = ts;
        long end = saturatedAdd(ts, gap);
        int first = -1;
        int last = -1;
        for (int i = 0; i < ws.size(); i++) {
            if (SessionWindows.mergeable(ws.start(i), ws.end(i), ts, saturatedAdd(ts, gap))) {
                if (first < 0) {
                    first = i;
                }
                last = i;
                start = Math.min(start, ws.start(i));
                end = Math.max(end, ws.end(i));
            }
        }
        if (cleanupTime(end) <= w) {
            return false;
        }
        ACC acc;
        int emitted = 0;
        long[] replaced = null;
        if (first < 0) {
            acc = aggregate.createAccumulator();
        } else {
            // pieces first..last are contiguous in start order (sessions are disjoint): merge them
            @SuppressWarnings("unchecked")
            ACC merged = (ACC) ws.acc(first);
            emitted = ws.emitted(first);
            replaced = collectReplaced(ws, first, last, start);
            for (int i = first + 1; i <= last; i++) {
                @SuppressWarnings("unchecked")
                ACC other = (ACC) ws.acc(i);
                merged = aggregate.merge(merged, other);
                emitted = Math.max(emitted, ws.emitted(i));
            }
            for (int i = last; i >= first; i--) {
                ws.remove(i);
            }
            acc = merged;
        }
        acc = aggregate.add(value, acc);
        int i = ws.insert(start, end, acc, emitted, true);
        if (end - 1 <= w || replaced != null) {
            // late within the allowed lateness, or a merge that supersedes emitted rows: emit now
            fire(key, ws, i, replaced);
            ws.setPending(i, end - 1 > w);
        }
        arm(key, ws, ws.pending(i) ? end - 1 : cleanupTime(end));
        return true;
    }

    /** Starts of already-emitted pieces whose rows the merged window (starting at mergedStart) replaces. */
    private static long[] collectReplaced(WindowSet ws, int first, int last, long mergedStart) {
        int n = 0;
        for (int i = first; i <= last; i++) {
            if (ws.emitted(i) > 0 && ws.start(i) != mergedStart) {
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        long[] out = new long[n];
        n = 0;
        for (int i = first; i <= last; i++) {
            if (ws.emitted(i) > 0 && ws.start(i) != mergedStart) {
                out[n++] = ws.start(i);
            }
        }
        return out;
    }

    private boolean addToWindows(K key, WindowSet ws, IN value, long ts, long w) {
        assignedCount = 0;
        assigner.assign(ts, collectAssigned);
        boolean any = false;
        for (int a = 0; a < assignedCount; a++) {
            long s = assignedStarts[a];
            long e = assignedEnds[a];
            if (cleanupTime(e) <= w) {
                continue;
            }
            any = true;
            int i = ws.indexOf(s, e);
            if (i < 0) {
                i = ws.insert(s, e, aggregate.createAccumulator(), 0, true);
            }
            @SuppressWarnings("unchecked")
            ACC acc = (ACC) ws.acc(i);
            ws.setAcc(i, aggregate.add(value, acc));
            if (e - 1 <= w) {
                fire(key, ws, i, null);
                ws.setPending(i, false);
                arm(key, ws, cleanupTime(e));
            } else {
                ws.setPending(i, true);
                arm(key, ws, e - 1);
            }
        }
        return any;
    }

    @Override
    protected void onTimer(K key, long timestamp, TimeDomain domain) {
        WindowSet ws = windows.get(key, Long.MIN_VALUE);
        if (ws == null) {
            return;
        }
        long w = services.watermark().watermark();
        long next = Long.MAX_VALUE;
        for (int i = 0; i < ws.size(); ) {
            long maxTs = ws.end(i) - 1;
            if (ws.pending(i) && maxTs <= w) {
                fire(key, ws, i, null);
                ws.setPending(i, false);
            }
            long cleanup = cleanupTime(ws.end(i));
            if (cleanup <= w) {
                ws.remove(i);
                continue;
            }
            next = Math.min(next, ws.pending(i) ? maxTs : cleanup);
            i++;
        }
        if (ws.size() == 0) {
            windows.remove(key);
            return;
        }
        ws.armedAt = Long.MAX_VALUE;
        arm(key, ws, next);
        windows.put(key, ws);
    }

    private void fire(K key, WindowSet ws, int i, long[] replaced) {
        @SuppressWarnings("unchecked")
        ACC acc = (ACC) ws.acc(i);
        TimeWindow window = new TimeWindow(ws.start(i), ws.end(i));
        out.emit(new WindowResult<>(key, window, aggregate.result(acc), ws.emitted(i), replaced), window.maxTimestamp());
        ws.incrementEmitted(i);
    }

    private void arm(K key, WindowSet ws, long at) {
        if (at < ws.armedAt) {
            ws.armedAt = at;
            registerEventTimer(key, at);
        }
    }

    private long cleanupTime(long end) {
        return saturatedAdd(end - 1, lateness);
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
