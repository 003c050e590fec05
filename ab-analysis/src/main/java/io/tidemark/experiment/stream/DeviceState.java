package io.tidemark.experiment.stream;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the stream keeps per device (anonymousId): its recent metric-relevant events, oldest
 * first, its attribution in each experiment it was exposed to, by experiment id, and the latest
 * event time of a relevant event (the device's state is dropped a unit TTL after it).
 */
record DeviceState(List<HistoryEvent> history, Map<String, UnitState> units, long lastActivity) {

  static final DeviceState EMPTY = new DeviceState(List.of(), Map.of(), Long.MIN_VALUE);

  DeviceState {
    history = List.copyOf(history);
    units = new TreeMap<>(units);
  }
}
