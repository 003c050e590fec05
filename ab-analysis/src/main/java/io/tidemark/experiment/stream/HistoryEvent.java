package io.tidemark.experiment.stream;

import java.util.List;

/** A metric-relevant event a device keeps in its history: its event time and what it counts toward. */
record HistoryEvent(long time, List<Hit> hits) {
  HistoryEvent {
    hits = List.copyOf(hits);
  }
}
