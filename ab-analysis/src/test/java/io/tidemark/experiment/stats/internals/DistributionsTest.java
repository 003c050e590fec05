package io.tidemark.experiment.stats.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Quantiles invert the cdfs to double precision, in both tails. */
class DistributionsTest {

  @ParameterizedTest
  @ValueSource(doubles = {1e-12, 1e-6, 0.001, 0.025, 0.3, 0.5, 0.7, 0.975, 0.999, 1 - 1e-6})
  void normalQuantile_invertsCdf(double p) {
    double x = Distributions.normalQuantile(p);
    double back = p < 0.5 ? Distributions.normalCdf(x) : 1 - Distributions.normalCdf(-x);
    assertThat(back).isCloseTo(p, within(Math.min(p, 1 - p) * 1e-12));
  }

  @ParameterizedTest
  @CsvSource({"1e-6, 3", "0.025, 3", "0.05, 14.5", "0.5, 40", "0.95, 6461", "0.975, 1e7",
      "0.999, 2.5"})
  void studentQuantile_invertsCdf(double p, double dof) {
    double t = Distributions.studentQuantile(p, dof);
    assertThat(Distributions.studentCdf(t, dof)).isCloseTo(p, within(Math.min(p, 1 - p) * 1e-9));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 2, 10, 1e4})
  void studentTails_areSymmetric(double dof) {
    for (double t : new double[] {-3, -0.5, 0, 0.5, 3}) {
      assertThat(Distributions.studentUpperTail(t, dof) + Distributions.studentCdf(t, dof))
          .isCloseTo(1, within(1e-14));
      assertThat(Distributions.studentUpperTail(t, dof))
          .isCloseTo(Distributions.studentCdf(-t, dof), within(1e-14));
    }
  }
}
