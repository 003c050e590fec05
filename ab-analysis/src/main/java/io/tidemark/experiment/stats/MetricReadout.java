package io.tidemark.experiment.stats;

import java.util.List;

/**
 * Results of one metric: one {@link EffectEstimate} per treatment variant, in input order (variant
 * 1 first). {@code status} is {@link Status#SINGLE_ARM} when there is no treatment variant.
 */
public record MetricReadout(String id, Status status, List<EffectEstimate> effects) {
  public MetricReadout {
    Checks.notNull("id", id);
    Checks.notNull("status", status);
    effects = List.copyOf(effects);
  }
}
