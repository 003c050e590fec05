package io.tidemark.experiment.stats;

/**
 * The effect of one treatment variant against the control on one metric. Fields that do not apply
 * to the engine are {@code null}: p-values are frequentist, chance to win and risks Bayesian. A
 * one-sided interval has an infinite bound. When {@code status} is not {@link Status#OK} the
 * values are GrowthBook's uninformative defaults.
 *
 * @param expected the effect (relative or absolute); the posterior mean for the Bayesian engine
 * @param standardError the standard error of the effect; the posterior standard deviation
 * @param adjustedPValue the p-value after the multiple-testing correction, when one is configured
 */
public record EffectEstimate(
    double expected,
    double ciLow,
    double ciHigh,
    double standardError,
    Double pValue,
    Double chanceToWin,
    Double riskControl,
    Double riskTreatment,
    Double adjustedPValue,
    Status status) {

  public EffectEstimate {
    Checks.notNull("status", status);
    Checks.finite("expected", expected);
    Checks.finite("standardError", standardError);
    if (Double.isNaN(ciLow) || Double.isNaN(ciHigh)) {
      throw new IllegalArgumentException("interval bounds must not be NaN");
    }
  }

  public EffectEstimate withAdjustedPValue(Double value) {
    return new EffectEstimate(
        expected, ciLow, ciHigh, standardError, pValue, chanceToWin, riskControl, riskTreatment,
        value, status);
  }
}
