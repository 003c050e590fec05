package io.tidemark.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** GrowthBook {@code packages/back-end/test/stats.test.ts} "calculates SRM correctly" (9 decimals). */
class SampleRatioMismatchTest {

  record Case(String source, List<Long> units, List<Double> weights, double pValue) {
    @Override
    public String toString() {
      return source;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("Simple 2-way test", List.of(1000L, 1200L), List.of(0.5, 0.5), 0.000020079),
        new Case("Another 2-way test", List.of(135L, 115L), List.of(0.5, 0.5), 0.205903211),
        new Case("Uneven weights", List.of(310L, 98L), List.of(0.75, 0.25), 0.647434186),
        new Case("Not enough valid weights", List.of(1000L, 900L, 800L), List.of(1.0, 0.0, 0.0), 1),
        new Case("Skip empty weights", List.of(1000L, 1200L, 900L), List.of(0.5, 0.5, 0.0),
            0.000020079),
        new Case("Skip if all users are 0", List.of(0L, 0L, 0L), List.of(0.34, 0.33, 0.33), 1),
        new Case("Use empty users in the test", List.of(0L, 10L, 10L), List.of(0.34, 0.33, 0.33),
            0.005790624),
        new Case("More than 2 variations", List.of(500L, 500L, 600L), List.of(0.34, 0.33, 0.33),
            0.000592638),
        new Case("Completely equal", List.of(500L, 500L), List.of(0.5, 0.5), 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pValue_matchesGrowthBook(Case c) {
    assertThat(SampleRatioMismatch.pValue(c.units(), c.weights()))
        .isCloseTo(c.pValue(), within(5e-10));
  }

  @Test
  void flagged_belowThresholdWithEnoughUnits() {
    assertThat(SampleRatioMismatch.flagged(0.000020079, List.of(1000L, 1200L))).isTrue();
    assertThat(SampleRatioMismatch.flagged(0.0011, List.of(1000L, 1200L))).isFalse();
  }

  @Test
  void flagged_notWithTooFewUnits() {
    assertThat(SampleRatioMismatch.flagged(0.0001, List.of(0L, 15L))).isFalse();
  }
}
