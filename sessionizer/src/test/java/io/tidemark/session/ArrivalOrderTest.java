package io.tidemark.session;

import static io.tidemark.session.TestEvents.MIN;
import static io.tidemark.session.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.events.Envelope;
import io.tidemark.lake.datasets.SessionRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live = replay: the final sessions (highest version, not deleted) depend on the set of events,
 * not on the order they arrive in, as long as every event is within the allowed lateness.
 */
class ArrivalOrderTest {

    private static final long HOUR = 60 * MIN;

    @TempDir
    Path dir;

    @Test
    void finalSessionsAreTheSameForEventTimeOrderAndForADelayedShuffledOrder() {
        List<Envelope> events = events(new Random(42), 40, 3_000);
        List<Envelope> inOrder = byEventTime(events);
        List<Envelope> delayed = arrivalOrder(events, new Random(7));
        assertThat(delayed).isNotEqualTo(inOrder);

        List<SessionRow> a = run(inOrder, dir.resolve("a"), false);
        List<SessionRow> b = run(delayed, dir.resolve("b"), true);

        assertThat(a).hasSizeGreaterThan(100);
        assertThat(withoutVersions(b)).containsExactlyElementsOf(withoutVersions(a));
    }

    @Test
    void aShuffledRunWritesMoreVersionsAndTombstonesButTheSameFinalState() {
        List<Envelope> events = events(new Random(3), 10, 800);
        List<Envelope> delayed = arrivalOrder(events, new Random(11));
        try (SessionHarness h = new SessionHarness(dir.resolve("c"), SessionizerConfig.defaults())) {
            h.pushAll(delayed);
            h.endOfInput();
            assertThat(h.rows()).anyMatch(SessionRow::deleted);
            assertThat(h.rows()).anyMatch(r -> r.version() > 1);
            assertThat(h.late()).isEmpty();
            assertThat(withoutVersions(h.finalSessions()))
                    .containsExactlyElementsOf(withoutVersions(run(byEventTime(events), dir.resolve("d"), false)));
        }
    }

    private List<SessionRow> run(List<Envelope> events, Path where, boolean restoreHalfway) {
        SessionHarness h = new SessionHarness(where, SessionizerConfig.defaults());
        List<SessionRow> rows = new ArrayList<>();
        try {
            int half = restoreHalfway ? events.size() / 2 : events.size();
            h.pushAll(events.subList(0, half));
            if (restoreHalfway) {
                rows.addAll(h.rows());
                SessionHarness restored = h.restore();
                h.close();
                h = restored;
                h.pushAll(events.subList(half, events.size()));
            }
            h.endOfInput();
            assertThat(h.late()).isEmpty();
            rows.addAll(h.rows());
        } finally {
            h.close();
        }
        return SessionHarness.finalSessions(rows);
    }

    /** Devices with sessions of exponential gaps (a few beyond 30 min), page/screen/track/identify. */
    static List<Envelope> events(Random r, int devices, int count) {
        List<Envelope> out = new ArrayList<>();
        long[] clock = new long[devices];
        for (int d = 0; d < devices; d++) {
            clock[d] = T0 + (long) (r.nextDouble() * 6 * HOUR);
        }
        for (int i = 0; i < count; i++) {
            int d = Math.min(devices - 1, (int) (devices * Math.pow(r.nextDouble(), 2)));
            double u = r.nextDouble();
            long step = u < 0.85 ? (long) (-Math.log(r.nextDouble()) * 2 * MIN)
                    : u < 0.95 ? 30 * MIN + (r.nextBoolean() ? 0 : 1) : (long) (-Math.log(r.nextDouble()) * 3 * HOUR);
            clock[d] += step;
            String anon = "dev-" + d;
            String id = "m-" + i;
            long t = clock[d];
            int kind = r.nextInt(10);
            Envelope e = kind < 4 ? TestEvents.page(anon, id, t, "/p" + r.nextInt(5))
                    : kind < 6 ? TestEvents.screen(anon, id, t, "S" + r.nextInt(5))
                    : kind < 9 ? TestEvents.track(anon, id, t, "E" + r.nextInt(3))
                    : TestEvents.identify(anon, id, t, "user-" + d + "-" + r.nextInt(2));
            out.add(e);
            if (r.nextInt(100) == 0) {
                out.add(e);
            }
        }
        return out;
    }

    /** Arrival = event time + a delay: mostly seconds, 5% minutes, 3% hours (below 24 h). */
    static List<Envelope> arrivalOrder(List<Envelope> events, Random r) {
        record Arrival(Envelope e, long at, int seq) {
        }
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            double u = r.nextDouble();
            long delay = u < 0.92 ? r.nextInt(20_000) : u < 0.97 ? r.nextInt(20) * MIN : (1 + r.nextInt(20)) * HOUR;
            arrivals.add(new Arrival(events.get(i), events.get(i).timestamp().toEpochMilli() + delay, i));
        }
        arrivals.sort(Comparator.comparingLong(Arrival::at).thenComparingInt(Arrival::seq));
        return arrivals.stream().map(Arrival::e).toList();
    }

    static List<Envelope> byEventTime(List<Envelope> events) {
        List<Envelope> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(Envelope::timestamp).thenComparing(Envelope::messageId));
        return sorted;
    }

    static List<SessionRow> withoutVersions(List<SessionRow> rows) {
        return rows.stream().map(r -> new SessionRow(r.sessionId(), 0, r.deleted(), r.anonymousId(), r.userId(),
                r.sessionStart(), r.sessionEnd(), r.durationMs(), r.eventCount(), r.pageViews(), r.screenViews(),
                r.trackEvents(), r.entryLocation(), r.exitLocation(), r.bounce(), r.appVersion(), r.osName(),
                r.deviceType(), r.source())).toList();
    }
}
