package io.tidemark.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/** Per-variant statistics merge exactly, whatever the order or split of the units. */
class SufficientStatisticsTest {
  private static final double[] VALUES = {3.5, 0, 12.25, 7, 1.5, 9, 4.75};

  private static SampleStatistics fold(DoubleStream values) {
    return values.mapToObj(SampleStatistics::ofUnit)
        .reduce(SampleStatistics.EMPTY, SampleStatistics::plus);
  }

  @Test
  void plus_splitAnywhere_equalsOnePass() {
    SampleStatistics all = fold(DoubleStream.of(VALUES));
    for (int cut = 0; cut <= VALUES.length; cut++) {
      SampleStatistics left = fold(DoubleStream.of(VALUES).limit(cut));
      SampleStatistics right = fold(DoubleStream.of(VALUES).skip(cut));
      assertThat(right.plus(left)).isEqualTo(all);
    }
  }

  @Test
  void sampleStatistics_meanAndVariance_areTheSampleMoments() {
    SampleStatistics s = fold(DoubleStream.of(VALUES));
    double mean = DoubleStream.of(VALUES).average().orElseThrow();
    double ss = DoubleStream.of(VALUES).map(v -> (v - mean) * (v - mean)).sum();
    assertThat(s.mean()).isCloseTo(mean, within(1e-12));
    assertThat(s.variance()).isCloseTo(ss / (VALUES.length - 1), within(1e-12));
  }

  @Test
  void proportionStatistics_varianceIsBernoulli() {
    var p = ProportionStatistics.ofUnit(true).plus(ProportionStatistics.ofUnit(false))
        .plus(ProportionStatistics.ofUnit(true)).plus(ProportionStatistics.ofUnit(true));
    assertThat(p).isEqualTo(new ProportionStatistics(4, 3));
    assertThat(p.variance()).isCloseTo(0.75 * 0.25, within(1e-15));
    assertThat(p.sumSquares()).isEqualTo(3);
  }

  @Test
  void ratioStatistics_plus_mergesProducts() {
    var r = RatioStatistics.ofUnit(2, 4).plus(RatioStatistics.ofUnit(3, 1));
    assertThat(r.units()).isEqualTo(2);
    assertThat(r.mean()).isCloseTo(5.0 / 5.0, within(1e-15));
    assertThat(r.numeratorDenominatorSumProducts()).isEqualTo(11);
  }

  @Test
  void regressionAdjusted_plus_mergesAllParts() {
    var r = RegressionAdjustedStatistics.ofUnit(5, 2).plus(RegressionAdjustedStatistics.ofUnit(1, 3));
    assertThat(r.post()).isEqualTo(new SampleStatistics(2, 6, 26));
    assertThat(r.pre()).isEqualTo(new SampleStatistics(2, 5, 13));
    assertThat(r.postPreSumProducts()).isEqualTo(13);
    assertThat(r.mean()).isEqualTo(3);
  }

  @Test
  void pooledTheta_isTheRegressionSlopeOverBothArms() {
    // post = 2·pre + 1 exactly: the slope over the pooled units is 2.
    var a = RegressionAdjustedStatistics.ofUnit(3, 1).plus(RegressionAdjustedStatistics.ofUnit(5, 2));
    var b = RegressionAdjustedStatistics.ofUnit(7, 3).plus(RegressionAdjustedStatistics.ofUnit(9, 4));
    assertThat(RegressionAdjustedStatistics.pooledTheta(a, b)).isCloseTo(2, within(1e-12));
  }

  @Test
  void constructors_rejectImpossibleValues() {
    assertThatThrownBy(() -> new SampleStatistics(-1, 0, 0)).hasMessageContaining("n must not");
    assertThatThrownBy(() -> new SampleStatistics(1, Double.NaN, 0)).hasMessageContaining("sum");
    assertThatThrownBy(() -> new SampleStatistics(2, 1, -1)).hasMessageContaining("sumSquares");
    assertThatThrownBy(() -> new ProportionStatistics(2, 3)).hasMessageContaining("between 0 and n");
    assertThatThrownBy(
            () -> new RatioStatistics(SampleStatistics.ofUnit(1), SampleStatistics.EMPTY, 0))
        .hasMessageContaining("same units");
    assertThatThrownBy(
            () -> new RegressionAdjustedStatistics(
                ProportionStatistics.ofUnit(true), SampleStatistics.ofUnit(1), 1))
        .hasMessageContaining("same kind");
  }

  @Test
  void metricInput_rejectsMixedKinds() {
    assertThatThrownBy(
            () -> MetricInput.of("m", List.of(SampleStatistics.EMPTY, ProportionStatistics.EMPTY)))
        .hasMessageContaining("mixes");
  }

  @Test
  void plus_acrossKinds_isRejected() {
    MomentStatistics sample = SampleStatistics.ofUnit(1);
    MomentStatistics proportion = ProportionStatistics.ofUnit(true);
    assertThatThrownBy(() -> sample.plus(proportion)).isInstanceOf(IllegalArgumentException.class);
  }
}
