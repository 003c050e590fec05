package io.tidemark.engine.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.api.KeyedProcessFunction;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.api.RuntimeContext;
import io.tidemark.engine.io.Sink;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.state.FlagStateDescriptor;
import io.tidemark.engine.state.StateBackends;
import io.tidemark.engine.state.ValueState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flag state through the task's snapshots: a run cut by a snapshot and restored into a new task
 * forwards exactly what an uncut run does (a dedup: the first record of each id within the TTL).
 */
class FlagStateSnapshotTest {

    private static final long TTL_MS = 5_000;

    @TempDir
    Path dir;

    /** Event {@code id} at {@code time} ms. */
    record Event(String id, long time) {
    }

    static final class FirstOfEachId implements KeyedProcessFunction<String, Event, Event> {
        private ValueState<Boolean> seen;

        @Override
        public void open(RuntimeContext runtime) {
            seen = runtime.flagState(FlagStateDescriptor.of("seen").withTtl(Duration.ofMillis(TTL_MS)));
        }

        @Override
        public void processElement(Event value, Context<String, Event> ctx) {
            if (seen.value() == null) {
                seen.update(Boolean.TRUE);
                ctx.collect(value);
            }
        }
    }

    private Pipeline pipeline(List<Event> out) {
        Pipeline p = new Pipeline("flags");
        p.source("in", Sources.<Event>empty(), Event::time).keyBy(Event::id, Serdes.STRING)
                .process("dedup", FirstOfEachId::new)
                .sink("out", task -> new Sink<Event>() {
                    @Override
                    public void write(Event value, long timestamp) {
                        out.add(value);
                    }
                });
        return p;
    }

    private static List<Event> events() {
        SplittableRandom random = new SplittableRandom(3);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) { // ids repeat within and beyond the TTL
            events.add(new Event("id-" + random.nextInt(3_000), i));
        }
        return events;
    }

    private static void feed(Task task, List<Event> events) {
        Task.Input<Event> in = task.input("in");
        for (Event e : events) {
            in.push(e);
            if (e.time() % 100 == 0) {
                task.advanceWatermarkTo(e.time());
            }
        }
    }

    @Test
    void aRunCutBySnapshotAndRestoredForwardsWhatAnUncutRunDoes() {
        List<Event> events = events();
        List<Event> uncut = new ArrayList<>();
        try (Task task = Task.builder(pipeline(uncut)).backend(StateBackends.rocksDb()).workDir(dir.resolve("a")).build()) {
            feed(task, events);
            task.endOfInput();
        }

        List<Event> cut = new ArrayList<>();
        int half = events.size() / 2;
        try (Task task = Task.builder(pipeline(cut)).backend(StateBackends.rocksDb()).workDir(dir.resolve("b")).build()) {
            feed(task, events.subList(0, half));
            task.snapshot(1, dir.resolve("s1"));
            feed(task, events.subList(half, half + 500)); // lost with the crash
        }
        List<Event> afterRestore = new ArrayList<>();
        try (Task task = Task.builder(pipeline(afterRestore)).backend(StateBackends.rocksDb()).workDir(dir.resolve("c"))
                .restoreFrom(dir.resolve("s1")).build()) {
            feed(task, events.subList(half, events.size()));
            task.endOfInput();
        }
        List<Event> committed = new ArrayList<>(cut.subList(0, (int) cut.stream().filter(e -> e.time() < half).count()));
        committed.addAll(afterRestore);
        assertThat(uncut).hasSizeBetween(3_000, 19_000);
        assertThat(committed).containsExactlyElementsOf(uncut);
    }
}
