package io.tidemark.experiment.stats;

import java.util.List;
import org.apache.commons.math3.special.Gamma;

/**
 * Sample ratio mismatch: Pearson's chi-square goodness-of-fit test of the units per variant
 * against the configured weights, as GrowthBook's {@code packages/back-end/src/util/stats.ts
 * checkSrm}. Variants with weight 0 are left out; fewer than two left, or no units, gives p = 1.
 * The degrees of freedom are the variants kept − 1, and p = Q(df/2, χ²/2) (upper regularized gamma,
 * the chi-square survival function).
 *
 * <p>Flagged below {@link #THRESHOLD} (GrowthBook's {@code DEFAULT_SRM_THRESHOLD}) once every
 * variant could hold {@link #MIN_UNITS_PER_VARIANT} units on average ({@code
 * DEFAULT_SRM_MINIMINUM_COUNT_PER_VARIATION}, {@code shared/src/health/health.ts getSRMHealthData}).
 */
public final class SampleRatioMismatch {
  public static final double THRESHOLD = 0.001;
  public static final long MIN_UNITS_PER_VARIANT = 8;

  private SampleRatioMismatch() {}

  public static double pValue(List<Long> units, List<Double> weights) {
    if (units.size() != weights.size()) {
      throw new IllegalArgumentException(
          "one weight per variant: " + units.size() + " variants, " + weights.size() + " weights");
    }
    double totalUnits = 0;
    double totalWeight = 0;
    int kept = 0;
    for (int i = 0; i < units.size(); i++) {
      if (weights.get(i) > 0) {
        totalUnits += units.get(i);
        totalWeight += weights.get(i);
        kept++;
      }
    }
    if (kept < 2 || totalUnits == 0) {
      return 1;
    }
    double chiSquare = 0;
    for (int i = 0; i < units.size(); i++) {
      if (weights.get(i) > 0) {
        double expected = weights.get(i) / totalWeight * totalUnits;
        double diff = units.get(i) - expected;
        chiSquare += diff * diff / expected;
      }
    }
    return chiSquare == 0 ? 1 : Gamma.regularizedGammaQ((kept - 1) / 2.0, chiSquare / 2);
  }

  /** Whether the mismatch is flagged: p below the threshold and enough units to judge. */
  public static boolean flagged(double pValue, List<Long> units) {
    long total = units.stream().mapToLong(Long::longValue).sum();
    return total >= MIN_UNITS_PER_VARIANT * units.size() && pValue < THRESHOLD;
  }
}
