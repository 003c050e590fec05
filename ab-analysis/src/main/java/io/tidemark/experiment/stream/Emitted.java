package io.tidemark.experiment.stream;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a unit's rows last said for one experiment: the stream compares the current attribution
 * and values with this to write only changes, and takes these values back out of the partials.
 *
 * @param excluded the unit had been seen in more than one variant
 * @param values per metric id; empty when excluded
 * @param version the {@code experiment_units} version last written for this unit
 */
record Emitted(String variant, long firstExposure, boolean excluded, Map<String, UnitValue> values, long version) {
  Emitted {
    values = new TreeMap<>(values);
  }
}
