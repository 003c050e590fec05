package io.tidemark.engine.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.api.OutputTag;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.config.EngineConfig;
import io.tidemark.engine.io.Sinks;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.testing.TestDriver;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TumblingAndSlidingWindowTest {

    record Ev(String device, long ts, long value) {
    }

    static final OutputTag<LateEvent<Ev>> LATE = OutputTag.of("late");

    @TempDir
    Path dir;

    TestDriver driver(WindowAssigner assigner, long latenessMs) {
        Pipeline p = new Pipeline("windows-test");
        p.source("events", Sources.<Ev>empty(), Ev::ts)
                .keyBy(Ev::device, Serdes.STRING)
                .window(assigner)
                .allowedLateness(Duration.ofMillis(latenessMs))
                .lateDataTo(LATE)
                .aggregate("sums", Aggregates.sum(Ev::value), Serdes.LONG)
                .sink("out", Sinks.discarding());
        return TestDriver.builder(p, dir)
                .config(EngineConfig.defaults().with(EngineConfig.OUT_OF_ORDERNESS_MS, 0L)).build();
    }

    static WindowResult<String, Long> r(String key, long start, long end, long sum, int version) {
        return new WindowResult<>(key, new TimeWindow(start, end), sum, version);
    }

    @Test
    void tumblingWindowsAggregateEachIntervalAndFireInOrder() {
        try (TestDriver d = driver(TumblingWindows.of(Duration.ofMillis(10)), 0)) {
            d.push("events", new Ev("a", 1, 1));
            d.push("events", new Ev("a", 9, 2));
            d.push("events", new Ev("b", 9, 7));
            d.push("events", new Ev("a", 10, 4)); // watermark 9: fires [0,10) of a and b
            assertThat(d.<WindowResult<String, Long>>output("out"))
                    .containsExactly(r("a", 0, 10, 3, 0), r("b", 0, 10, 7, 0));
            d.endOfInput();
            assertThat(d.<WindowResult<String, Long>>output("out")).last().isEqualTo(r("a", 10, 20, 4, 0));
        }
    }

    @Test
    void tumblingWindowsHandleNegativeTimestamps() {
        try (TestDriver d = driver(TumblingWindows.of(Duration.ofMillis(10)), 0)) {
            d.push("events", new Ev("a", -1, 5));
            d.endOfInput();
            assertThat(d.<WindowResult<String, Long>>output("out")).containsExactly(r("a", -10, 0, 5, 0));
        }
    }

    @Test
    void aSlidingWindowRecordCountsInEveryWindowThatContainsIt() {
        try (TestDriver d = driver(SlidingWindows.of(Duration.ofMillis(10), Duration.ofMillis(5)), 0)) {
            d.push("events", new Ev("a", 7, 1));
            d.push("events", new Ev("a", 12, 10));
            d.endOfInput();
            assertThat(d.<WindowResult<String, Long>>output("out"))
                    .containsExactly(r("a", 0, 10, 1, 0), r("a", 5, 15, 11, 0), r("a", 10, 20, 10, 0));
        }
    }

    @Test
    void aLateRecordUpdatesOnlyTheSlidingWindowsStillWithinLateness() {
        try (TestDriver d = driver(SlidingWindows.of(Duration.ofMillis(10), Duration.ofMillis(5)), 3)) {
            d.push("events", new Ev("a", 7, 1));
            d.advanceWatermarkTo(12); // [0,10) fired and cleaned at 9+3=12; [5,15) still open
            d.push("events", new Ev("a", 8, 100));
            d.endOfInput();
            assertThat(d.<WindowResult<String, Long>>output("out"))
                    .containsExactly(r("a", 0, 10, 1, 0), r("a", 5, 15, 101, 0));
            assertThat(d.sideOutput(LATE)).as("accepted by one window: not a late drop").isEmpty();
        }
    }

    @Test
    void aLateTumblingRecordWithinLatenessEmitsVersionOneAndBeyondItIsDropped() {
        try (TestDriver d = driver(TumblingWindows.of(Duration.ofMillis(10)), 5)) {
            d.push("events", new Ev("a", 3, 1));
            d.advanceWatermarkTo(10);
            d.push("events", new Ev("a", 4, 2));
            d.advanceWatermarkTo(14);
            d.push("events", new Ev("a", 5, 4));
            assertThat(d.<WindowResult<String, Long>>output("out"))
                    .containsExactly(r("a", 0, 10, 1, 0), r("a", 0, 10, 3, 1));
            assertThat(d.sideOutput(LATE)).extracting(LateEvent::timestamp).containsExactly(5L);
        }
    }
}
