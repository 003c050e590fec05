package io.tidemark.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.api.OutputTag;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.config.EngineConfig;
import io.tidemark.engine.io.Sinks;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.snapshot.Snapshot;
import io.tidemark.engine.snapshot.SnapshotManifest;
import io.tidemark.engine.state.StateBackend;
import io.tidemark.engine.state.StateBackends;
import io.tidemark.engine.window.Aggregates;
import io.tidemark.engine.window.LateEvent;
import io.tidemark.engine.window.SessionWindows;
import io.tidemark.engine.window.TumblingWindows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run interrupted by snapshot and restore emits exactly what an uninterrupted run emits: the
 * property the checkpointing runtime relies on. Random out-of-order input, a cache far smaller than
 * the key set, lateness within and beyond the allowance.
 */
class SnapshotRestoreEquivalenceTest {

    record Ev(String device, long ts) {
    }

    static final OutputTag<LateEvent<Ev>> LATE = OutputTag.of("late");

    @TempDir
    Path dir;

    static Stream<StateBackend> backends() {
        return Stream.of(StateBackends.rocksDb(), StateBackends.inMemory());
    }

    static Pipeline pipeline() {
        Pipeline p = new Pipeline("equivalence");
        var keyed = p.source("events", Sources.<Ev>empty(), Ev::ts).keyBy(Ev::device, Serdes.STRING);
        keyed.window(SessionWindows.withGap(Duration.ofSeconds(30)))
                .allowedLateness(Duration.ofSeconds(20))
                .lateDataTo(LATE)
                .aggregate("sessions", Aggregates.count(), Serdes.LONG)
                .sink("sessions-out", Sinks.discarding());
        keyed.window(TumblingWindows.of(Duration.ofMinutes(1)))
                .aggregate("minutes", Aggregates.count(), Serdes.LONG)
                .sink("minutes-out", Sinks.discarding());
        return p;
    }

    static List<Ev> input(long seed, int n) {
        Random rnd = new Random(seed);
        List<Ev> out = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += rnd.nextInt(400);
            long jitter = rnd.nextInt(100) < 3 ? rnd.nextInt(60_000) : rnd.nextInt(4_000);
            out.add(new Ev("d" + rnd.nextInt(300), t - jitter));
        }
        return out;
    }

    TestDriver.Builder builder(StateBackend backend, String sub) {
        return TestDriver.builder(pipeline(), dir.resolve(sub)).backend(backend)
                .config(EngineConfig.defaults().with(EngineConfig.OUT_OF_ORDERNESS_MS, 5_000L)
                        .with(EngineConfig.CACHE_MAX_ENTRIES, 40));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRestoredRunEmitsExactlyWhatAnUninterruptedRunEmits(StateBackend backend) {
        List<Ev> events = input(42, 20_000);
        List<Object> expectedSessions;
        List<Object> expectedMinutes;
        List<LateEvent<Ev>> expectedLate;
        try (TestDriver full = builder(backend, "full").build()) {
            events.forEach(e -> full.push("events", e));
            full.endOfInput();
            expectedSessions = full.output("sessions-out");
            expectedMinutes = full.output("minutes-out");
            expectedLate = full.sideOutput(LATE);
        }
        assertThat(expectedLate).as("the input exercises the late path").isNotEmpty();
        assertThat(expectedSessions).as("and late updates")
                .anySatisfy(r -> assertThat(((io.tidemark.engine.window.WindowResult<?, ?>) r).isUpdate()).isTrue());

        List<Object> sessions = new ArrayList<>();
        List<Object> minutes = new ArrayList<>();
        List<LateEvent<Ev>> late = new ArrayList<>();
        TestDriver current = builder(backend, "interrupted").build();
        int[] cuts = {3_000, 9_000, 9_001, 15_000};
        int from = 0;
        for (int cut : cuts) {
            for (int i = from; i < cut; i++) {
                current.push("events", events.get(i));
            }
            from = cut;
            Snapshot s = current.snapshot();
            assertThat(SnapshotManifest.read(s.directory()).watermark()).isEqualTo(current.watermark());
            sessions.addAll(current.output("sessions-out"));
            minutes.addAll(current.output("minutes-out"));
            late.addAll(current.sideOutput(LATE));
            current.push("events", new Ev("lost-after-snapshot", 0)); // never part of the restored state
            current.close();
            current = current.restore(s);
        }
        for (int i = from; i < events.size(); i++) {
            current.push("events", events.get(i));
        }
        current.endOfInput();
        sessions.addAll(current.output("sessions-out"));
        minutes.addAll(current.output("minutes-out"));
        late.addAll(current.sideOutput(LATE));
        current.close();

        assertThat(sessions).isEqualTo(expectedSessions);
        assertThat(minutes).isEqualTo(expectedMinutes);
        assertThat(late).isEqualTo(expectedLate);
    }
}
