package io.tidemark.bench.logs;

import io.tidemark.engine.api.DataStream;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.io.Sinks;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.state.StateBackends;
import io.tidemark.engine.testing.TestDriver;
import io.tidemark.events.Envelope;
import io.tidemark.lake.datasets.LateRow;
import io.tidemark.lake.datasets.SessionRow;
import io.tidemark.session.Sessionizer;
import io.tidemark.session.SessionizerConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;

/**
 * The sessionizer over a list of envelopes in one TestDriver task on RocksDB, bounded: push in
 * order, then end of input. What a replay of the same log does, without Kafka or Parquet.
 */
public final class SessionizerRun {

  private static final String SOURCE = "events";

  private SessionizerRun() {
  }

  /**
   * Every row written (all versions and tombstones), the late rows, the wall time of the push and
   * end of input, and the CPU time of the pushing thread (robust to other load on the machine;
   * RocksDB's background flushes and compactions are not in it).
   */
  public record Result(List<SessionRow> rows, List<LateRow> late, long nanos, long cpuNanos) {
  }

  public static Result run(List<Envelope> events, SessionizerConfig config, Path workDir) {
    Pipeline p = new Pipeline("sessions");
    DataStream<Envelope> in = p.source(SOURCE, Sources.<Envelope>empty(), e -> e.timestamp().toEpochMilli());
    DataStream<SessionRow> sessions = Sessionizer.sessions(in, config);
    sessions.sink("sessions", Sinks.discarding());
    sessions.sideOutput(Sessionizer.LATE).sink("late", Sinks.discarding());
    try (TestDriver d = TestDriver.builder(p, workDir).backend(StateBackends.rocksDb()).build()) {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (Envelope e : events) {
        d.push(SOURCE, e);
      }
      d.endOfInput();
      long nanos = System.nanoTime() - t0;
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      return new Result(d.output("sessions"), d.output("late"), nanos, cpu);
    }
  }
}
