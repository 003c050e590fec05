package io.tidemark.experiment.stats;

import java.util.List;

/**
 * One metric's per-variant statistics, control first. All variants hold the same kind of
 * statistics.
 *
 * @param inverse lower is better (e.g. latency): flips chance to win and the risks, as gbstats
 *     {@code MetricSettingsForStatsEngine.inverse}
 */
public record MetricInput(String id, List<VariantStatistics> variants, boolean inverse) {
  public MetricInput {
    Checks.notNull("id", id);
    variants = List.copyOf(Checks.notNull("variants", variants));
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("metric " + id + " needs at least the control variant");
    }
    Class<?> kind = variants.get(0).getClass();
    for (VariantStatistics v : variants) {
      if (v.getClass() != kind) {
        throw new IllegalArgumentException(
            "metric " + id + " mixes statistics kinds: " + kind.getSimpleName() + " and "
                + v.getClass().getSimpleName());
      }
    }
  }

  public static MetricInput of(String id, List<VariantStatistics> variants) {
    return new MetricInput(id, variants, false);
  }
}
