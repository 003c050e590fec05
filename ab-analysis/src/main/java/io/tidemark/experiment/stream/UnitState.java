package io.tidemark.experiment.stream;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A device's attribution in one experiment. The first exposure by event time fixes the variant
 * and the start ({@code firstExposure}); an exposure found later but earlier in event time moves
 * both. A unit seen in more than one variant is excluded.
 *
 * <p>{@code settled}: per (reported metric, base metric) the tallies of events folded out of the
 * device history. An event is folded once it is more than the history retention behind the
 * watermark (the longest CUPED lookback plus the allowed lateness). Such an event can no longer
 * change meaning: any exposure still accepted lies within the allowed lateness of the watermark,
 * so the event is before that exposure's pre-period; and if the event counts for the current
 * first exposure, that exposure is itself beyond the allowed lateness and final. So {@code
 * settled + tallies over the history} is always the unit's exact tally.
 *
 * @param variants every variant the unit was seen in, sorted
 * @param emitted what the unit's rows last said, or null before the first write
 */
record UnitState(String variant, long firstExposure, List<String> variants, Map<String, Tally> settled,
    Emitted emitted) {

  UnitState {
    variants = List.copyOf(new TreeSet<>(variants));
    settled = new TreeMap<>(settled);
  }

  static UnitState first(String variant, long time) {
    return new UnitState(variant, time, List.of(variant), Map.of(), null);
  }

  /** This state after one more exposure; ties in time go to the smaller variant name (the order of arrival must not matter). */
  UnitState exposed(String v, long time) {
    TreeSet<String> all = new TreeSet<>(variants);
    all.add(v);
    boolean earlier = time < firstExposure || (time == firstExposure && v.compareTo(variant) < 0);
    return new UnitState(earlier ? v : variant, earlier ? time : firstExposure, List.copyOf(all), settled, emitted);
  }

  boolean multiple() {
    return variants.size() > 1;
  }

  UnitState withSettled(Map<String, Tally> value) {
    return new UnitState(variant, firstExposure, variants, value, emitted);
  }

  UnitState withEmitted(Emitted value) {
    return new UnitState(variant, firstExposure, variants, settled, value);
  }
}
