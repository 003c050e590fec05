package io.tidemark.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.engine.io.CollectingSink;
import io.tidemark.engine.io.Sinks;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.state.StateBackends;
import io.tidemark.engine.task.Task;
import io.tidemark.engine.window.Aggregates;
import io.tidemark.engine.window.TumblingWindows;
import io.tidemark.engine.window.WindowResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {

    record Line(String user, long ts, String text) {
    }

    static final OutputTag<String> REJECTS = OutputTag.of("rejects");

    @TempDir
    Path dir;

    @Test
    void boundedRunChainsStatelessAndKeyedOperatorsAndFiresEveryWindowAtTheEnd() {
        List<Line> input = List.of(new Line("u1", 1_000, "a b"), new Line("u2", 2_000, ""), new Line("u1", 61_000, "c"),
                new Line("u1", 3_000, "d e f"));
        CollectingSink<WindowResult<String, Long>> words = Sinks.collecting();
        CollectingSink<String> rejects = Sinks.collecting();
        Pipeline p = new Pipeline("words");
        DataStream<Line> checked = p.source("lines", Sources.fromIterable(input), Line::ts)
                .keyBy(Line::user, Serdes.STRING)
                .process("validate", () -> (Line line, KeyedProcessFunction.Context<String, Line> ctx) -> {
                    if (line.text().isEmpty()) {
                        ctx.output(REJECTS, ctx.key() + "@" + ctx.timestamp());
                    } else {
                        ctx.collect(line);
                    }
                });
        checked.sideOutput(REJECTS).sink("rejects", rejects);
        checked.flatMap((Line line, Collector<Line> out) -> {
                    for (String w : line.text().split(" ")) {
                        out.collect(new Line(line.user(), line.ts(), w));
                    }
                })
                .filter(l -> !l.text().equals("f"))
                .map(l -> l)
                .keyBy(Line::user, Serdes.STRING)
                .window(TumblingWindows.of(Duration.ofMinutes(1)))
                .aggregate("word-counts", Aggregates.count(), Serdes.LONG)
                .sink("counts", words);

        try (Task task = Task.builder(p).backend(StateBackends.rocksDb()).workDir(dir.resolve("t")).build()) {
            task.runBounded();
        }
        assertThat(words.values()).extracting(r -> r.key() + ":" + r.window().start() + ":" + r.value())
                .containsExactly("u1:0:4", "u1:60000:1");
        assertThat(rejects.values()).containsExactly("u2@2000");
    }

    @Test
    void operatorNamesMustBeUniqueAndPlain() {
        Pipeline p = new Pipeline("names");
        DataStream<Line> s = p.source("lines", Sources.<Line>empty(), Line::ts);
        s.sink("out", Sinks.discarding());
        assertThatThrownBy(() -> s.sink("out", Sinks.discarding())).hasMessageContaining("already used");
        assertThatThrownBy(() -> s.keyBy(Line::user, Serdes.STRING).process("bad/name", () -> (v, c) -> { }))
                .hasMessageContaining("operator name must match");
    }
}
