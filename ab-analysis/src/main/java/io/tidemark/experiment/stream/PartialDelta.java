package io.tidemark.experiment.stream;

import io.tidemark.experiment.lake.SufficientSums;
import java.util.Objects;

/**
 * A change of one unit's contribution to a partial: take {@code remove} out, put {@code add} in.
 * {@code remove} is always something an earlier delta put in, so partials never go negative.
 */
public record PartialDelta(PartialId id, SufficientSums remove, SufficientSums add) {
  public PartialDelta {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(remove, "remove");
    Objects.requireNonNull(add, "add");
  }
}
