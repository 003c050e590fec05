package io.tidemark.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** GrowthBook {@code packages/shared/test/experiments.test.ts} "pvalue correction method". */
class CorrectionTest {

  @Test // "does HB procedure correctly"
  void holm_matchesGrowthBook() {
    double[] adjusted = Correction.HOLM.adjust(new double[] {0.01, 0.04, 0.03, 0.005, 0.55, 0.6});
    assertThat(adjusted)
        .containsExactly(new double[] {0.05, 0.12, 0.12, 0.03, 1, 1}, within(1e-12));
  }

  @Test // "does BH procedure correctly" (compared to 8 decimals there)
  void benjaminiHochberg_matchesGrowthBook() {
    double[] adjusted =
        Correction.BENJAMINI_HOCHBERG.adjust(
            new double[] {0.898, 0.138, 0.007, 0.964, 0.538, 0.006, 0.138});
    assertThat(adjusted)
        .containsExactly(
            new double[] {0.964, 0.2415, 0.0245, 0.964, 0.7532, 0.0245, 0.2415}, within(5e-9));
  }

  @Test // "pvals and CIs adjusted in place"
  void twoPValues_matchGrowthBook() {
    double[] p = {0.025, 0.03};
    assertThat(Correction.HOLM.adjust(p)).containsExactly(new double[] {0.05, 0.05}, within(1e-12));
    assertThat(Correction.BENJAMINI_HOCHBERG.adjust(p))
        .containsExactly(new double[] {0.03, 0.03}, within(1e-12));
  }

  @Test
  void none_leavesPValues() {
    assertThat(Correction.NONE.adjust(new double[] {0.2, 0.01})).containsExactly(0.2, 0.01);
  }

  @Test
  void adjust_empty_isEmpty() {
    assertThat(Correction.HOLM.adjust(new double[0])).isEmpty();
    assertThat(Correction.BENJAMINI_HOCHBERG.adjust(new double[0])).isEmpty();
  }
}
