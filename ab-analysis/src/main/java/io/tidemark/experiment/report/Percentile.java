package io.tidemark.experiment.report;

import java.util.Arrays;

/**
 * The q-quantile of a sample by linear interpolation between order statistics (Hyndman and Fan
 * 1996, definition 7): h = (n − 1)·q, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). It is NumPy's
 * default and DuckDB's {@code quantile_cont}, so users can reproduce a percentile cap in SQL.
 */
final class Percentile {
  private Percentile() {}

  static double of(double[] values, double q) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
