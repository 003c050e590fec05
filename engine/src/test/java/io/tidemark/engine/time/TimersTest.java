package io.tidemark.engine.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.api.KeyedProcessFunction;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.api.RuntimeContext;
import io.tidemark.engine.config.EngineConfig;
import io.tidemark.engine.io.Sinks;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.snapshot.Snapshot;
import io.tidemark.engine.state.ValueState;
import io.tidemark.engine.state.ValueStateDescriptor;
import io.tidemark.engine.testing.TestDriver;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimersTest {

    /** Command records: register / delete a timer of a key at a time, in a domain. */
    record Cmd(String key, String op, long at) {
    }

    /** Counts commands per key; on each timer emits "key@timestamp:domain:count". */
    static final class TimerFunction implements KeyedProcessFunction<String, Cmd, String> {
        private ValueState<Long> count;

        @Override
        public void open(RuntimeContext runtime) {
            count = runtime.state(ValueStateDescriptor.of("count", Serdes.LONG));
        }

        @Override
        public void processElement(Cmd cmd, Context<String, String> ctx) {
            Long c = count.value();
            count.update(c == null ? 1 : c + 1);
            TimerService t = ctx.timerService();
            switch (cmd.op()) {
                case "event" -> t.registerEventTimeTimer(cmd.at());
                case "delete-event" -> t.deleteEventTimeTimer(cmd.at());
                case "processing" -> t.registerProcessingTimeTimer(cmd.at());
                default -> { }
            }
        }

        @Override
        public void onTimer(long timestamp, Context<String, String> ctx) {
            ctx.collect(ctx.key() + "@" + timestamp + ":" + ctx.timeDomain() + ":" + count.value());
        }
    }

    @TempDir
    Path dir;

    TestDriver driver() {
        Pipeline p = new Pipeline("timers-test");
        p.source("cmds", Sources.<Cmd>empty(), c -> 0L)
                .keyBy(Cmd::key, Serdes.STRING)
                .process("timers", TimerFunction::new)
                .sink("out", Sinks.discarding());
        return TestDriver.builder(p, dir).config(EngineConfig.defaults().with(EngineConfig.OUT_OF_ORDERNESS_MS, 0L))
                .build();
    }

    @Test
    void eventTimeTimersFireInTimestampOrderWhateverTheRegistrationOrder() {
        try (TestDriver d = driver()) {
            d.push("cmds", new Cmd("c", "event", 30), 0);
            d.push("cmds", new Cmd("a", "event", 10), 0);
            d.push("cmds", new Cmd("b", "event", 20), 0);
            d.push("cmds", new Cmd("b", "event", 10), 0);
            d.advanceWatermarkTo(25);
            assertThat(d.<String>output("out"))
                    .containsExactly("a@10:EVENT_TIME:1", "b@10:EVENT_TIME:2", "b@20:EVENT_TIME:2");
            d.advanceWatermarkTo(30);
            assertThat(d.<String>output("out")).last().isEqualTo("c@30:EVENT_TIME:1");
        }
    }

    @Test
    void aTimerRegisteredTwiceForTheSameKeyAndTimeFiresOnce() {
        try (TestDriver d = driver()) {
            d.push("cmds", new Cmd("a", "event", 10), 0);
            d.push("cmds", new Cmd("a", "event", 10), 0);
            d.push("cmds", new Cmd("b", "event", 10), 0);
            d.advanceWatermarkTo(100);
            assertThat(d.<String>output("out")).containsExactly("a@10:EVENT_TIME:2", "b@10:EVENT_TIME:1");
        }
    }

    @Test
    void aDeletedTimerDoesNotFire() {
        try (TestDriver d = driver()) {
            d.push("cmds", new Cmd("a", "event", 10), 0);
            d.push("cmds", new Cmd("a", "delete-event", 10), 0);
            d.advanceWatermarkTo(100);
            assertThat(d.<String>output("out")).isEmpty();
        }
    }

    @Test
    void theWatermarkFromRecordsFiresTimersAfterTheRecordIsProcessed() {
        try (TestDriver d = driver()) {
            d.push("cmds", new Cmd("a", "event", 5), 0);
            d.push("cmds", new Cmd("a", "none", 0), 6); // watermark becomes 5 after this record
            assertThat(d.<String>output("out")).containsExactly("a@5:EVENT_TIME:2");
        }
    }

    @Test
    void processingTimeTimersFollowTheManualClock() {
        try (TestDriver d = driver()) {
            d.push("cmds", new Cmd("a", "processing", 1_000), 0);
            d.advanceWatermarkTo(Long.MAX_VALUE - 1);
            d.advanceProcessingTime(Duration.ofMillis(999));
            assertThat(d.<String>output("out")).isEmpty();
            d.advanceProcessingTime(Duration.ofMillis(1));
            assertThat(d.<String>output("out")).containsExactly("a@1000:PROCESSING_TIME:1");
        }
    }

    @Test
    void timersAndStateSurviveSnapshotAndRestore() {
        try (TestDriver d = driver()) {
            d.push("cmds", new Cmd("a", "event", 50), 0);
            d.push("cmds", new Cmd("a", "none", 0), 0);
            d.push("cmds", new Cmd("b", "event", 40), 0);
            d.push("cmds", new Cmd("b", "processing", 500), 0);
            d.advanceWatermarkTo(20);
            Snapshot s = d.snapshot();
            try (TestDriver r = d.restore(s)) {
                assertThat(r.watermark()).isEqualTo(20);
                assertThat(r.task().pendingTimers()).isEqualTo(3);
                r.advanceWatermarkTo(60);
                r.advanceProcessingTime(Duration.ofMillis(500));
                assertThat(r.<String>output("out")).containsExactly(
                        "b@40:EVENT_TIME:2", "a@50:EVENT_TIME:2", "b@500:PROCESSING_TIME:2");
            }
        }
    }

    @Test
    void timersFiredByEndOfInputStillSeeTheirKeysState() {
        try (TestDriver d = driver()) {
            d.push("cmds", new Cmd("a", "event", 10), 0);
            d.push("cmds", new Cmd("a", "event", 5_000), 0);
            d.endOfInput();
            assertThat(d.<String>output("out")).containsExactly("a@10:EVENT_TIME:2", "a@5000:EVENT_TIME:2");
        }
    }

    /** TTL state read by a timer at end of input is judged at the timer's time, not at the end of time. */
    @Test
    void timersFiredByEndOfInputSeeTtlStateAliveAtTheirOwnTime() {
        Pipeline p = new Pipeline("ttl-timers-test");
        p.source("cmds", Sources.<Cmd>empty(), c -> 0L)
                .keyBy(Cmd::key, Serdes.STRING)
                .process("ttl-timers", () -> new KeyedProcessFunction<String, Cmd, String>() {
                    private ValueState<Long> seen;

                    @Override
                    public void open(RuntimeContext runtime) {
                        seen = runtime.state(ValueStateDescriptor.of("seen", Serdes.LONG)
                                .withTtl(Duration.ofMillis(100)));
                    }

                    @Override
                    public void processElement(Cmd cmd, Context<String, String> ctx) {
                        seen.update(cmd.at());
                        ctx.timerService().registerEventTimeTimer(cmd.at() + 50);
                        ctx.timerService().registerEventTimeTimer(cmd.at() + 500);
                    }

                    @Override
                    public void onTimer(long timestamp, Context<String, String> ctx) {
                        ctx.collect(ctx.key() + "@" + timestamp + ":" + seen.value());
                    }
                })
                .sink("out", Sinks.discarding());
        try (TestDriver d = TestDriver.builder(p, dir)
                .config(EngineConfig.defaults().with(EngineConfig.OUT_OF_ORDERNESS_MS, 0L)).build()) {
            d.push("cmds", new Cmd("a", "x", 1_000), 1_000);
            d.endOfInput();
            assertThat(d.<String>output("out")).containsExactly("a@1050:1000", "a@1500:null");
        }
    }
}
