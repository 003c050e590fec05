package io.tidemark.bench.flink;

/**
 * What crosses Flink's shuffle from the parsers to the session windows: only the key and the event
 * time, as a Flink POJO (public fields, no-argument constructor) so that Flink's own serializer, not
 * Kryo, carries it.
 */
public class DeviceEvent {
  public String key;
  public long eventTime;

  public DeviceEvent() {
  }

  public DeviceEvent(String key, long eventTime) {
    this.key = key;
    this.eventTime = eventTime;
  }
}
