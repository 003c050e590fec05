package io.tidemark.bench.flink;

/** One emitted session of a device: its window [start, end) and its event count (a Flink POJO). */
public class SessionCount {
  public String key;
  public long start;
  public long end;
  public long events;

  public SessionCount() {
  }

  public SessionCount(String key, long start, long end, long events) {
    this.key = key;
    this.start = start;
    this.end = end;
    this.events = events;
  }
}
