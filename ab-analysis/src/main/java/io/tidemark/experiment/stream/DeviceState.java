package io.tidemark.experiment.stream;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the stream keeps per device (anonymousId): its recent metric-relevant events, oldest
 * first, and its attribution in each experiment it was exposed to, by experiment id.
 */
record DeviceState(List<HistoryEvent> history, Map<String, UnitState> units) {

  static final DeviceState EMPTY = new DeviceState(List.of(), Map.of());

  DeviceState {
    history = List.copyOf(history);
    units = new TreeMap<>(units);
  }
}
