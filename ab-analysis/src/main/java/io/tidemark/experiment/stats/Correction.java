package io.tidemark.experiment.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Multiple-testing adjustment of p-values across metrics × variants, as GrowthBook's {@code
 * packages/shared/src/experiments/experiments.ts adjustPValuesHolmBonferroni} and {@code
 * adjustPValuesBenjaminiHochberg}.
 */
public enum Correction {
  NONE {
    @Override
    public double[] adjust(double[] pValues) {
      return pValues.clone();
    }
  },
  /**
   * Holm (1979), "A Simple Sequentially Rejective Multiple Test Procedure": sort ascending, the
   * i-th (0-based) of m becomes min(1, p·(m − i)), then a running maximum keeps the order.
   * Controls the family-wise error rate.
   */
  HOLM {
    @Override
    public double[] adjust(double[] pValues) {
      int m = pValues.length;
      Integer[] order = order(pValues, Comparator.naturalOrder());
      double[] adjusted = new double[m];
      double running = 0;
      for (int i = 0; i < m; i++) {
        double p = Math.min(pValues[order[i]] * (m - i), 1);
        running = Math.max(running, p);
        adjusted[order[i]] = running;
      }
      return adjusted;
    }
  },
  /**
   * Benjamini and Hochberg (1995), "Controlling the False Discovery Rate": sort descending, the
   * i-th (0-based) of m becomes min(1, p·m / (m − i)), then a running minimum keeps the order.
   */
  BENJAMINI_HOCHBERG {
    @Override
    public double[] adjust(double[] pValues) {
      int m = pValues.length;
      Integer[] order = order(pValues, Comparator.reverseOrder());
      double[] adjusted = new double[m];
      double running = 1;
      for (int i = 0; i < m; i++) {
        double p = Math.min(pValues[order[i]] * m / (m - i), 1);
        running = Math.min(running, p);
        adjusted[order[i]] = running;
      }
      return adjusted;
    }
  };

  /** Adjusted p-values, in the order given. */
  public abstract double[] adjust(double[] pValues);

  private static Integer[] order(double[] values, Comparator<Double> comparator) {
    Integer[] order = new Integer[values.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> comparator.compare(values[a], values[b]));
    return order;
  }
}
