package io.tidemark.bench.flink;

import io.tidemark.bench.peer.SessionTally;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** The functions of the Flink job; results leave through accumulators. */
final class SessionFunctions {

  static final String SESSIONS = "sessions";
  static final String EMITTED = "emitted";
  static final String LATE = "lateDropped";

  private SessionFunctions() {
  }

  /** Counts the events of a window (the accumulator is a Long, as on our engine's side). */
  static final class Count implements AggregateFunction<DeviceEvent, Long, Long> {
    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(DeviceEvent value, Long acc) {
      return acc + 1;
    }

    @Override
    public Long getResult(Long acc) {
      return acc;
    }

    @Override
    public Long merge(Long a, Long b) {
      return a + b;
    }
  }

  /** Adds the window's bounds to its count. */
  static final class WithWindow extends ProcessWindowFunction<Long, SessionCount, String, TimeWindow> {
    @Override
    public void process(String key, Context ctx, Iterable<Long> counts, Collector<SessionCount> out) {
      out.collect(new SessionCount(key, ctx.window().getStart(), ctx.window().getEnd(), counts.iterator().next()));
    }
  }

  /** Feeds emitted sessions to a {@link SessionTally}; reports the final count when the input ends. */
  static final class Tally extends ProcessFunction<SessionCount, Void> {
    private final long latenessMs;
    private transient SessionTally tally;
    private transient LongCounter sessions;
    private transient LongCounter emitted;

    Tally(long latenessMs) {
      this.latenessMs = latenessMs;
    }

    @Override
    public void open(OpenContext ctx) {
      tally = new SessionTally(latenessMs);
      sessions = new LongCounter();
      emitted = new LongCounter();
      getRuntimeContext().addAccumulator(SESSIONS, sessions);
      getRuntimeContext().addAccumulator(EMITTED, emitted);
    }

    @Override
    public void processElement(SessionCount s, Context ctx, Collector<Void> out) {
      tally.emitted(s.key, s.start, s.end);
      tally.watermark(ctx.timerService().currentWatermark());
    }

    /** Called after the last watermark (end of input) fired every window. */
    @Override
    public void close() {
      sessions.add(tally.sessions());
      emitted.add(tally.emissions());
    }
  }

  /** Counts the events the windows dropped as later than the allowed lateness. */
  static final class CountLate extends ProcessFunction<DeviceEvent, Void> {
    private transient LongCounter late;

    @Override
    public void open(OpenContext ctx) {
      late = new LongCounter();
      getRuntimeContext().addAccumulator(LATE, late);
    }

    @Override
    public void processElement(DeviceEvent e, Context ctx, Collector<Void> out) {
      late.add(1);
    }
  }
}
