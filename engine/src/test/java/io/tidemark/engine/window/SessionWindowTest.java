package io.tidemark.engine.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.api.OutputTag;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.config.EngineConfig;
import io.tidemark.engine.io.Sinks;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.state.StateBackends;
import io.tidemark.engine.testing.TestDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionWindowTest {

    record Ev(String device, long ts) {
    }

    static final OutputTag<LateEvent<Ev>> LATE = OutputTag.of("late");

    @TempDir
    Path dir;

    static Pipeline sessions(long gapMs, long latenessMs) {
        Pipeline p = new Pipeline("sessions-test");
        p.source("events", Sources.<Ev>empty(), Ev::ts)
                .keyBy(Ev::device, Serdes.STRING)
                .window(SessionWindows.withGap(Duration.ofMillis(gapMs)))
                .allowedLateness(Duration.ofMillis(latenessMs))
                .lateDataTo(LATE)
                .aggregate("sessions", Aggregates.count(), Serdes.LONG)
                .sink("out", Sinks.discarding());
        return p;
    }

    TestDriver driver(Pipeline p, long outOfOrdernessMs) {
        return TestDriver.builder(p, dir)
                .config(EngineConfig.defaults().with(EngineConfig.OUT_OF_ORDERNESS_MS, outOfOrdernessMs))
                .backend(StateBackends.rocksDb())
                .build();
    }

    static WindowResult<String, Long> result(String key, long start, long end, long count, int version, long... replaced) {
        return new WindowResult<>(key, new TimeWindow(start, end), count, version, replaced);
    }

    @Test
    void eventsExactlyOneGapApartStayInOneSession() {
        try (TestDriver d = driver(sessions(10, 0), 100)) {
            d.push("events", new Ev("a", 0));
            d.push("events", new Ev("a", 10));
            d.endOfInput();
            assertThat(d.<WindowResult<String, Long>>output("out")).containsExactly(result("a", 0, 20, 2, 0));
        }
    }

    @Test
    void eventsOneMillisecondMoreThanTheGapApartStartANewSession() {
        try (TestDriver d = driver(sessions(10, 0), 100)) {
            d.push("events", new Ev("a", 0));
            d.push("events", new Ev("a", 11));
            d.endOfInput();
            assertThat(d.<WindowResult<String, Long>>output("out"))
                    .containsExactly(result("a", 0, 10, 1, 0), result("a", 11, 21, 1, 0));
        }
    }

    @Test
    void anEventThatBridgesTwoSessionsMergesThem() {
        try (TestDriver d = driver(sessions(10, 0), 100)) {
            d.push("events", new Ev("a", 0));
            d.push("events", new Ev("a", 18));
            d.push("events", new Ev("a", 9));
            d.push("events", new Ev("b", 5));
            d.endOfInput();
            assertThat(d.<WindowResult<String, Long>>output("out"))
                    .containsExactlyInAnyOrder(result("a", 0, 28, 3, 0), result("b", 5, 15, 1, 0));
        }
    }

    @Test
    void anEventBetweenSessionsThatTouchesNeitherStaysApart() {
        try (TestDriver d = driver(sessions(10, 0), 100)) {
            d.push("events", new Ev("a", 0));
            d.push("events", new Ev("a", 25));
            d.push("events", new Ev("a", 12));
            d.endOfInput();
            assertThat(d.<WindowResult<String, Long>>output("out")).containsExactly(
                    result("a", 0, 10, 1, 0), result("a", 12, 22, 1, 0), result("a", 25, 35, 1, 0));
        }
    }

    @Test
    void sessionFiresWhenTheWatermarkReachesItsEndMinusOne() {
        try (TestDriver d = driver(sessions(10, 0), 1_000)) {
            d.push("events", new Ev("a", 0));
            d.advanceWatermarkTo(8);
            assertThat(d.<Object>output("out")).isEmpty();
            d.advanceWatermarkTo(9);
            assertThat(d.<WindowResult<String, Long>>output("out")).containsExactly(result("a", 0, 10, 1, 0));
            assertThat(d.<Object>outputWithTimestamps("out").get(0).timestamp()).isEqualTo(9);
            assertThat(d.task().pendingTimers()).as("window state and timers cleaned up, no lateness").isZero();
        }
    }

    @Test
    void outOfOrderEventsWithinTheBoundAreNotLate() {
        try (TestDriver d = driver(sessions(10, 0), 50)) {
            d.push("events", new Ev("a", 100));
            d.push("events", new Ev("a", 60)); // 40 behind the newest: within 50
            d.push("events", new Ev("a", 70));
            d.endOfInput();
            assertThat(d.<WindowResult<String, Long>>output("out"))
                    .containsExactly(result("a", 60, 80, 2, 0), result("a", 100, 110, 1, 0));
            assertThat(d.sideOutput(LATE)).isEmpty();
        }
    }

    @Test
    void aLateEventWithinTheAllowedLatenessEmitsAnUpdatedVersion() {
        try (TestDriver d = driver(sessions(10, 20), 0)) {
            d.push("events", new Ev("a", 0));
            d.advanceWatermarkTo(15);
            d.push("events", new Ev("a", 5));
            List<WindowResult<String, Long>> out = d.output("out");
            assertThat(out).containsExactly(result("a", 0, 10, 1, 0), result("a", 0, 15, 2, 1));
            assertThat(out.get(1).isUpdate()).isTrue();
            assertThat(d.sideOutput(LATE)).isEmpty();
        }
    }

    @Test
    void anEventBeyondTheAllowedLatenessGoesToTheSideOutputWithItsReason() {
        try (TestDriver d = driver(sessions(10, 20), 0)) {
            d.push("events", new Ev("a", 0));
            d.advanceWatermarkTo(40);
            d.push("events", new Ev("a", 0));
            assertThat(d.<WindowResult<String, Long>>output("out")).containsExactly(result("a", 0, 10, 1, 0));
            assertThat(d.sideOutput(LATE)).containsExactly(
                    new LateEvent<>(new Ev("a", 0), 0, 40, LateEvent.Reason.WINDOW_CLOSED));
            assertThat(d.metrics().get("tidemark.engine.late.records").counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void theLastInstantOfTheAllowedLatenessStillAcceptsAndTheNextDoesNot() {
        // session [0,10), lateness 20: cleanup at 9 + 20 = 29
        try (TestDriver d = driver(sessions(10, 20), 0)) {
            d.push("events", new Ev("a", 0));
            d.advanceWatermarkTo(28);
            d.push("events", new Ev("a", 0));
            assertThat(d.sideOutput(LATE)).isEmpty();
            d.advanceWatermarkTo(29);
            d.push("events", new Ev("a", 0));
            assertThat(d.sideOutput(LATE)).hasSize(1);
        }
    }

    @Test
    void aLateEventThatBridgesEmittedSessionsListsTheRowsItReplaces() {
        try (TestDriver d = driver(sessions(10, 100), 0)) {
            d.push("events", new Ev("a", 0));
            d.push("events", new Ev("a", 20));
            d.advanceWatermarkTo(35);
            d.push("events", new Ev("a", 10));
            assertThat(d.<WindowResult<String, Long>>output("out")).containsExactly(
                    result("a", 0, 10, 1, 0), result("a", 20, 30, 1, 0), result("a", 0, 30, 3, 1, 20));
        }
    }

    @Test
    void aMergedSessionContinuesTheHighestVersionOfItsPieces() {
        try (TestDriver d = driver(sessions(10, 100), 0)) {
            d.push("events", new Ev("a", 0));
            d.push("events", new Ev("a", 20));
            d.advanceWatermarkTo(35);
            d.push("events", new Ev("a", 25)); // second piece re-emitted as version 1
            d.push("events", new Ev("a", 10)); // bridges: version 0+1 and 1+1 -> next is 2
            assertThat(d.<WindowResult<String, Long>>output("out")).containsExactly(
                    result("a", 0, 10, 1, 0), result("a", 20, 30, 1, 0), result("a", 20, 35, 2, 1),
                    result("a", 0, 35, 4, 2, 20));
        }
    }

    @Test
    void endOfInputFiresEverySessionAndLeavesNoTimers() {
        try (TestDriver d = driver(sessions(1_800_000, 60_000), 5_000)) {
            for (int i = 0; i < 100; i++) {
                d.push("events", new Ev("k" + (i % 10), 1_000L * i));
            }
            d.endOfInput();
            List<WindowResult<String, Long>> out = d.output("out");
            assertThat(out).hasSize(10).allSatisfy(r -> assertThat(r.value()).isEqualTo(10L));
            assertThat(d.task().pendingTimers()).isZero();
        }
    }
}
