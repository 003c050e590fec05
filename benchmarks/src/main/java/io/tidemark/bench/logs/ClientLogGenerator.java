package io.tidemark.bench.logs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Realistic client logs as they reach a gateway: NDJSON lines of Segment-spec events, in the order
 * the gateway receives them ({@code receivedAt} ascending), deterministic for a seed.
 *
 * <p>A discrete-event simulation in true time. Each device ({@link Devices}: Zipf-like activity)
 * has sessions of about 12 events; within a session the gaps are exponential (mean 40 s, one in 25
 * with mean 15 min, so a few exceed the usual 30 min gap); between sessions 25 min plus an
 * exponential with the device's mean. The SDK buffers events and sends a batch when it is full or
 * its flush interval (10 s web, 30 s apps) has passed since its first event, and at the end of a
 * session; one app batch in twenty waits 1-10 min for the app to come back to the foreground. So
 * batches of different devices interleave and events arrive out of event-time order by seconds to
 * minutes. {@link LogOptions#offlineSessionShare()} of sessions are recorded offline and uploaded
 * 1-8 h after they began; {@link LogOptions#retryBatchShare()} of batches are delivered a second
 * time 1-30 s later (a retry after a lost response: same events, new {@code sentAt}).
 *
 * <p>Times on a line: {@code timestamp} = {@code originalTimestamp} = the device clock at the event,
 * {@code sentAt} = the device clock at sending, {@code receivedAt} = true time at the gateway
 * (send + 30-400 ms). The gateway's correction {@code receivedAt - (sentAt - timestamp)} recovers
 * the true event time plus the network latency.
 */
public final class ClientLogGenerator implements Iterator<String> {

  private static final long SEC = 1_000;
  private static final long MIN = 60 * SEC;
  private static final long HOUR = 60 * MIN;

  private final LogOptions options;
  private final SplittableRandom random;
  private final PriorityQueue<DeviceState> devices =
      new PriorityQueue<>(Comparator.comparingLong((DeviceState d) -> d.action).thenComparingInt(d -> d.index));
  private final PriorityQueue<Batch> outbox =
      new PriorityQueue<>(Comparator.comparingLong(Batch::receivedAt).thenComparingLong(Batch::seq));
  private final ArrayDeque<String> ready = new ArrayDeque<>();
  private long now;
  private long seq;
  private long generated;
  private long duplicateLines;
  private long offlineEvents;
  private boolean finished;

  public ClientLogGenerator(LogOptions options) {
    this.options = options;
    this.random = new SplittableRandom(options.seed());
    this.now = options.start().toEpochMilli();
    DeviceProfile[] profiles = Devices.create(options.devices(), random);
    for (int i = 0; i < profiles.length; i++) {
      DeviceState d = new DeviceState(i, profiles[i]);
      d.nextEventAt = now + (long) (random.nextDouble() * Math.min(profiles[i].meanSessionGapMs(), 12 * HOUR));
      d.action = d.nextEventAt;
      devices.add(d);
    }
  }

  @Override
  public boolean hasNext() {
    fill();
    return !ready.isEmpty();
  }

  @Override
  public String next() {
    fill();
    if (ready.isEmpty()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  /** Distinct events generated so far. */
  public long generated() {
    return generated;
  }

  /** Lines that repeat an earlier line's messageId (retried batches). */
  public long duplicateLines() {
    return duplicateLines;
  }

  /** Events recorded offline and uploaded hours late. */
  public long offlineEvents() {
    return offlineEvents;
  }

  private void fill() {
    while (ready.isEmpty()) {
      if (!outbox.isEmpty() && outbox.peek().receivedAt() <= now) {
        ready.addAll(outbox.poll().lines());
      } else if (generated < options.events()) {
        step();
      } else if (!finished) {
        for (DeviceState d : devices) {
          if (!d.buffer.isEmpty()) {
            flush(d, Math.max(now, d.bufferFirstAt + d.profile.flushIntervalMs()));
          }
        }
        finished = true;
        now = Long.MAX_VALUE;
      } else {
        return;
      }
    }
  }

  /** The earliest device acts: sends its due batch, or records its next event. */
  private void step() {
    DeviceState d = devices.poll();
    now = d.action;
    if (!d.buffer.isEmpty() && d.bufferFirstAt + d.profile.flushIntervalMs() <= d.nextEventAt) {
      flush(d, now);
    } else {
      record(d, now);
    }
    d.action = d.buffer.isEmpty() ? d.nextEventAt
        : Math.min(d.nextEventAt, d.bufferFirstAt + d.profile.flushIntervalMs());
    devices.add(d);
  }

  private void record(DeviceState d, long t) {
    boolean sessionStart = d.remaining == 0;
    if (sessionStart) {
      d.remaining = 1 + (int) (-Math.log(1 - random.nextDouble()) * 11);
      d.offline = random.nextDouble() < options.offlineSessionShare();
      d.uploadAt = t + HOUR + (long) (random.nextDouble() * 7 * HOUR);
    }
    if (d.buffer.isEmpty()) {
      d.bufferFirstAt = t;
    }
    d.buffer.add(new Draft(t, EventBodies.next(d, sessionStart, random)));
    generated++;
    if (d.offline) {
      offlineEvents++;
    }
    d.remaining--;
    if (d.remaining == 0) {
      flush(d, t);
      d.nextEventAt = t + 25 * MIN + exponential(d.profile.meanSessionGapMs());
    } else {
      if (d.buffer.size() >= d.profile.batchSize()) {
        flush(d, t);
      }
      d.nextEventAt = t + 1 + (random.nextInt(25) == 0 ? exponential(15 * MIN) : exponential(40 * SEC));
    }
  }

  private void flush(DeviceState d, long t) {
    long upload = t;
    if (d.offline) {
      upload = Math.max(t, d.uploadAt);
    } else if (!d.profile.web() && random.nextInt(20) == 0) {
      upload = t + MIN + random.nextLong(9 * MIN);
    }
    long received = upload + 30 + random.nextInt(370);
    outbox.add(new Batch(received, seq++, lines(d, upload, received)));
    if (random.nextDouble() < options.retryBatchShare()) {
      long retry = SEC + random.nextLong(29 * SEC);
      long again = received + retry + random.nextInt(200);
      outbox.add(new Batch(again, seq++, lines(d, upload + retry, again)));
      duplicateLines += d.buffer.size();
    }
    d.buffer.clear();
  }

  private List<String> lines(DeviceState d, long upload, long received) {
    long skew = d.profile.clockSkewMs();
    List<String> lines = new ArrayList<>(d.buffer.size());
    for (Draft e : d.buffer) {
      lines.add(EventLines.line(e.body(), e.time() + skew, upload + skew, received));
    }
    return lines;
  }

  private long exponential(long mean) {
    return (long) (-Math.log(1 - random.nextDouble()) * mean);
  }

  /** An event recorded but not yet sent: its true time and open JSON body. */
  private record Draft(long time, String body) {
  }

  private record Batch(long receivedAt, long seq, List<String> lines) {
  }

  /** A device's simulation state; the generator's thread only. */
  static final class DeviceState {
    final int index;
    final DeviceProfile profile;
    final List<Draft> buffer = new ArrayList<>();
    long nextEventAt;
    long action;
    long bufferFirstAt;
    long uploadAt;
    int remaining;
    boolean offline;
    String userId;

    DeviceState(int index, DeviceProfile profile) {
      this.index = index;
      this.profile = profile;
    }
  }
}
