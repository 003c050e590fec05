package io.tidemark.experiment.stream;

import io.tidemark.experiment.lake.SufficientSums;

/**
 * One unit's value of one metric, the value columns of {@code experiment_units}: {@code
 * denominator} for ratio-shaped metrics, {@code covariate} (and {@code covariateDenominator} for
 * ratios) with CUPED; the others are null.
 */
record UnitValue(double value, Double denominator, Double covariate, Double covariateDenominator) {

  SufficientSums sums() {
    return SufficientSums.ofUnit(value, denominator, covariate, covariateDenominator);
  }
}
