package io.tidemark.experiment.stats.internals;

import io.tidemark.experiment.stats.Alternative;
import io.tidemark.experiment.stats.EffectEstimate;
import io.tidemark.experiment.stats.Status;

/**
 * Welch's unequal-variance t-test on the effect, gbstats {@code frequentist/tests.py TwoSidedTTest},
 * {@code OneSidedTreatmentGreaterTTest} and {@code OneSidedTreatmentLesserTTest}.
 *
 * <p>t = effect / se. Degrees of freedom by Welch (1947) and Satterthwaite (1946): (σ²_b/n_b +
 * σ²_a/n_a)² / (σ⁴_b/(n_b²(n_b − 1)) + σ⁴_a/(n_a²(n_a − 1))) with per-unit variances. Two-sided:
 * p = 2·P(T > |t|), interval effect ± t_{1−α/2}·se. Greater: p = P(T > t), interval [effect −
 * t_{1−α}·se, ∞). Less: p = P(T ≤ t), interval (−∞, effect + t_{1−α}·se].
 */
public final class FixedHorizonTTest {
  private FixedHorizonTTest() {}

  public static EffectEstimate estimate(EffectMoments m, Alternative alternative, double alpha) {
    if (m.status() != Status.OK) {
      return FrequentistResults.uninformative(m.status());
    }
    double dof = welchDegreesOfFreedom(m);
    double t = m.pointEstimate() / m.standardError();
    double se = m.standardError();
    double estimate = m.pointEstimate();
    return switch (alternative) {
      case TWO_SIDED -> {
        double halfWidth = Distributions.studentQuantile(1 - alpha / 2, dof) * se;
        double p = 2 * Distributions.studentUpperTail(Math.abs(t), dof);
        yield FrequentistResults.of(m, estimate - halfWidth, estimate + halfWidth, p);
      }
      case GREATER -> {
        double halfWidth = Distributions.studentQuantile(1 - alpha, dof) * se;
        double p = Distributions.studentUpperTail(t, dof);
        yield FrequentistResults.of(m, estimate - halfWidth, Double.POSITIVE_INFINITY, p);
      }
      case LESS -> {
        double halfWidth = Distributions.studentQuantile(1 - alpha, dof) * se;
        double p = Distributions.studentCdf(t, dof);
        yield FrequentistResults.of(m, Double.NEGATIVE_INFINITY, estimate + halfWidth, p);
      }
    };
  }

  static double welchDegreesOfFreedom(EffectMoments m) {
    double va = m.controlVariance();
    double vb = m.treatmentVariance();
    double na = m.controlUnits();
    double nb = m.treatmentUnits();
    double numerator = Math.pow(vb / nb + va / na, 2);
    double denominator = vb * vb / (nb * nb * (nb - 1)) + va * va / (na * na * (na - 1));
    return numerator / denominator;
  }
}
