package io.tidemark.pipeline;

import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The replay's progress as a plain line on stderr at most every {@code everyMillis}: events done,
 * events/s, and (input size known) the share of input read and the ETA at the average byte rate.
 */
public final class ProgressLine implements Consumer<Replay.Progress> {

  private final PrintWriter err;
  private final String runId;
  private final LongSupplier bytesRead;
  private final long totalBytes;
  private final long everyNanos;
  private long lastPrint;

  public ProgressLine(PrintWriter err, String runId, LongSupplier bytesRead, long totalBytes, long everyMillis) {
    this.err = err;
    this.runId = runId;
    this.bytesRead = bytesRead;
    this.totalBytes = totalBytes;
    this.everyNanos = everyMillis * 1_000_000L;
  }

  @Override
  public void accept(Replay.Progress p) {
    if (p.nanos() - lastPrint < everyNanos) {
      return;
    }
    lastPrint = p.nanos();
    err.println(line(p.events(), p.nanos(), bytesRead.getAsLong()));
    err.flush();
  }

  /** The last line: always printed. */
  public void finish(long events, long nanos) {
    err.println(line(events, nanos, totalBytes) + " - done");
    err.flush();
  }

  public String line(long events, long nanos, long bytes) {
    double seconds = Math.max(nanos / 1e9, 1e-3);
    StringBuilder b = new StringBuilder()
        .append("replay ").append(runId).append(": ").append(events).append(" events, ")
        .append(Math.round(events / seconds)).append(" events/s");
    if (totalBytes > 0) {
      double share = Math.min(1.0, (double) bytes / totalBytes);
      b.append(", ").append(Math.round(share * 100)).append("% of input");
      if (share > 0 && share < 1) {
        long eta = Math.round(seconds * (1 - share) / share);
        b.append(", ETA ").append(eta / 60).append("m").append(String.format("%02d", eta % 60)).append("s");
      }
    }
    return b.toString();
  }
}
