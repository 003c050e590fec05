package io.tidemark.experiment.stream;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the stream keeps per device (anonymousId): its recent metric-relevant events, oldest
 * first, the distinct times of all its recent events when session metrics are configured (sorted),
 * its attribution in each experiment it was exposed to, by experiment id, and the latest
 * event time of a relevant event (the device's state is dropped a unit TTL after it).
 */
record DeviceState(List<HistoryEvent> history, List<Long> activity, Map<String, UnitState> units, long lastActivity) {

  static final DeviceState EMPTY = new DeviceState(List.of(), List.of(), Map.of(), Long.MIN_VALUE);

  DeviceState {
    history = List.copyOf(history);
    activity = activity == null ? List.of() : List.copyOf(activity);
    units = new TreeMap<>(units);
  }
}
