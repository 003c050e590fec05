package io.tidemark.experiment.stats.internals;

import io.tidemark.experiment.stats.EffectEstimate;
import io.tidemark.experiment.stats.Prior;
import io.tidemark.experiment.stats.Status;

/**
 * Gaussian posterior on the effect, gbstats {@code bayesian/tests.py EffectBayesianABTest}.
 *
 * <p>The data give a normal likelihood with mean d = effect and variance v = se². With a proper
 * prior N(m₀, v₀) (stated on the relative effect; scaled by |μ_a| and μ_a² for an absolute
 * difference) the posterior precision is 1/v + 1/v₀ and its mean (d/v + m₀/v₀) / precision;
 * an improper prior leaves N(d, v). Chance to win = P(effect > 0) = Φ(μ/σ) (1 − that for inverse
 * metrics). Credible interval μ ± z_{1−α/2}·σ ({@code utils.py gaussian_credible_interval}).
 *
 * <p>Risk ({@code get_risk}): the expected loss of choosing each arm, risk_control = P(X > 0)·E[X |
 * X > 0] and risk_treatment = −P(X < 0)·E[X | X < 0] for X the posterior effect. With the
 * truncated-normal means (Johnson, Kotz, Balakrishnan, "Continuous Univariate Distributions",
 * vol. 1, §10.1) these are μΦ(μ/σ) + σφ(μ/σ) and σφ(μ/σ) − μΦ(−μ/σ): the same quantities without
 * the division by a vanishing probability that gbstats guards against for |μ/σ| > 37. Swapped for
 * inverse metrics.
 */
public final class BayesianEffectTest {
  private BayesianEffectTest() {}

  public static EffectEstimate estimate(
      EffectMoments m, Prior prior, boolean relative, double alpha, boolean inverse) {
    if (m.status() != Status.OK) {
      return uninformative(m.status());
    }
    Prior scaled = prior;
    if (!relative && prior.proper()) {
      double baseline = m.controlMean();
      if (baseline == 0) {
        return uninformative(Status.ZERO_BASELINE);
      }
      scaled = new Prior(true, prior.mean() * Math.abs(baseline), prior.variance() * baseline * baseline);
    }
    double dataMean = m.pointEstimate();
    double dataVariance = m.standardError() * m.standardError();
    double precision = 1 / dataVariance + (scaled.proper() ? 1 / scaled.variance() : 0);
    double mean =
        scaled.proper()
            ? (dataMean / dataVariance + scaled.mean() / scaled.variance()) / precision
            : dataMean;
    double sigma = Math.sqrt(1 / precision);

    double z = mean / sigma;
    double probabilityPositive = Distributions.normalCdf(z);
    double chanceToWin = inverse ? 1 - probabilityPositive : probabilityPositive;
    double halfWidth = Distributions.normalQuantile(1 - alpha / 2) * sigma;
    double[] risk = risk(mean, sigma);
    double riskControl = inverse ? risk[1] : risk[0];
    double riskTreatment = inverse ? risk[0] : risk[1];
    return new EffectEstimate(
        mean, mean - halfWidth, mean + halfWidth, sigma, null, chanceToWin, riskControl,
        riskTreatment, null, Status.OK);
  }

  /**
   * {risk of choosing the control, risk of choosing the treatment} for a posterior effect N(μ, σ²):
   * μΦ(μ/σ) + σφ(μ/σ) and σφ(μ/σ) − μΦ(−μ/σ) (see the class note).
   */
  public static double[] risk(double mu, double sigma) {
    double z = mu / sigma;
    double density = Distributions.normalDensity(z);
    double control = Math.max(mu * Distributions.normalCdf(z) + sigma * density, 0);
    double treatment = Math.max(sigma * density - mu * Distributions.normalCdf(-z), 0);
    return new double[] {control, treatment};
  }

  /** gbstats {@code BayesianABTest._default_output}: chance to win 0.5, everything else 0. */
  static EffectEstimate uninformative(Status status) {
    return new EffectEstimate(0, 0, 0, 0, null, 0.5, 0.0, 0.0, null, status);
  }
}
