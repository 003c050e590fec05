package io.tidemark.session;

import io.tidemark.engine.api.DataStream;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.io.Sinks;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.state.StateBackends;
import io.tidemark.engine.testing.TestDriver;
import io.tidemark.events.Envelope;
import io.tidemark.lake.datasets.LateRow;
import io.tidemark.lake.datasets.SessionRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The sessionizer in a TestDriver on RocksDB, timestamps from the envelopes. */
final class SessionHarness implements AutoCloseable {

    static final String SOURCE = "events";
    static final String SINK = "sessions";
    static final String LATE_SINK = "late";

    final TestDriver driver;

    SessionHarness(Path dir, SessionizerConfig config) {
        this.driver = TestDriver.builder(pipeline(config), dir).backend(StateBackends.rocksDb()).build();
    }

    private SessionHarness(TestDriver driver) {
        this.driver = driver;
    }

    static Pipeline pipeline(SessionizerConfig config) {
        Pipeline p = new Pipeline("sessions-test");
        DataStream<Envelope> in = p.source(SOURCE, Sources.<Envelope>empty(), e -> e.timestamp().toEpochMilli());
        DataStream<SessionRow> sessions = Sessionizer.sessions(in, config);
        sessions.sink(SINK, Sinks.discarding());
        sessions.sideOutput(Sessionizer.LATE).sink(LATE_SINK, Sinks.discarding());
        return p;
    }

    void push(Envelope... events) {
        for (Envelope e : events) {
            driver.push(SOURCE, e);
        }
    }

    void pushAll(List<Envelope> events) {
        events.forEach(e -> driver.push(SOURCE, e));
    }

    /** Bounded mode's end of input: the watermark jumps to the end of time, every session is written. */
    void endOfInput() {
        driver.endOfInput();
    }

    SessionHarness restore() {
        return new SessionHarness(driver.restore(driver.snapshot()));
    }

    List<SessionRow> rows() {
        return driver.output(SINK);
    }

    List<LateRow> late() {
        return driver.output(LATE_SINK);
    }

    /** What a reader sees: the highest version per id, deleted ones dropped, ordered by start. */
    static List<SessionRow> finalSessions(List<SessionRow> rows) {
        Map<String, SessionRow> latest = new HashMap<>();
        for (SessionRow r : rows) {
            latest.merge(r.sessionId(), r, (a, b) -> b.version() > a.version() ? b : a);
        }
        List<SessionRow> out = new ArrayList<>();
        for (SessionRow r : latest.values()) {
            if (!r.deleted()) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparing(SessionRow::sessionStart).thenComparing(SessionRow::sessionId));
        return out;
    }

    List<SessionRow> finalSessions() {
        return finalSessions(rows());
    }

    @Override
    public void close() {
        driver.close();
    }
}
