package io.tidemark.experiment.stream;

import io.tidemark.experiment.lake.SufficientSums;
import io.tidemark.experiment.metrics.MetricDefinition;
import io.tidemark.lake.datasets.ExperimentStatsRow.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one unit adds to the partials of its experiment, as the rows it was last written with say:
 * an excluded unit counts once in {@code multiple_exposure} of its first-exposure day; an
 * attributed one once in {@code exposures} of its variant and day, and its values in each
 * metric's sums.
 */
final class Contributions {
  private static final SufficientSums ONE_UNIT = new SufficientSums(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  private Contributions() {}

  static Map<PartialId, SufficientSums> of(MetricPlan plan, String experiment, Emitted e) {
    Map<PartialId, SufficientSums> out = new LinkedHashMap<>();
    if (e == null) {
      return out;
    }
    long day = Math.floorDiv(e.firstExposure(), 86_400_000L);
    if (e.excluded()) {
      out.put(new PartialId(experiment, Kind.MULTIPLE_EXPOSURE, null, null, null, false, day), ONE_UNIT);
      return out;
    }
    out.put(new PartialId(experiment, Kind.EXPOSURES, e.variant(), null, null, false, day), ONE_UNIT);
    for (Map.Entry<String, UnitValue> v : e.values().entrySet()) {
      MetricDefinition m = plan.metric(v.getKey());
      out.put(new PartialId(experiment, Kind.METRIC, e.variant(), m.id(), m.type().text(), m.cuped(), day),
          v.getValue().sums());
    }
    return out;
  }

  /** The deltas that turn {@code before}'s contributions into {@code after}'s; none for equal ones. */
  static List<PartialDelta> deltas(Map<PartialId, SufficientSums> before, Map<PartialId, SufficientSums> after) {
    Set<PartialId> ids = new HashSet<>(before.keySet());
    ids.addAll(after.keySet());
    List<PartialDelta> out = new ArrayList<>();
    for (PartialId id : ids) {
      SufficientSums b = before.getOrDefault(id, SufficientSums.ZERO);
      SufficientSums a = after.getOrDefault(id, SufficientSums.ZERO);
      if (!a.equals(b)) {
        out.add(new PartialDelta(id, b, a));
      }
    }
    out.sort(java.util.Comparator.comparing(d -> d.id().key()));
    return out;
  }
}
