package io.tidemark.experiment.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tidemark.experiment.lake.SufficientSums;
import io.tidemark.experiment.metrics.MetricType;
import io.tidemark.experiment.stats.ProportionStatistics;
import io.tidemark.experiment.stats.RatioStatistics;
import io.tidemark.experiment.stats.RegressionAdjustedRatioStatistics;
import io.tidemark.experiment.stats.RegressionAdjustedStatistics;
import io.tidemark.experiment.stats.SampleStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The lake's sums rebuild exactly the statistics the engine's own {@code ofUnit}/{@code plus} give. */
class SufficientSumsTest {
  private final SplittableRandom random = new SplittableRandom(3);

  private record Unit(double m, double d, double mp, double dp) {}

  private List<Unit> units(int n) {
    List<Unit> units = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      units.add(new Unit(random.nextInt(2) * random.nextInt(1, 50), random.nextInt(1, 6), random.nextInt(30),
          random.nextInt(5)));
    }
    return units;
  }

  @Test
  void toStatistics_equalsTheEnginesOwnAggregatesForEveryShape() {
    List<Unit> units = units(500);
    SufficientSums sums = SufficientSums.ZERO;
    RegressionAdjustedRatioStatistics ratioCuped = null;
    RegressionAdjustedStatistics meanCuped = null;
    RatioStatistics ratio = null;
    ProportionStatistics proportion = ProportionStatistics.EMPTY;
    for (Unit u : units) {
      sums = sums.plus(SufficientSums.ofUnit(u.m, u.d, u.mp, u.dp));
      var rc = RegressionAdjustedRatioStatistics.ofUnit(u.m, u.d, u.mp, u.dp);
      ratioCuped = ratioCuped == null ? rc : ratioCuped.plus(rc);
      var mc = RegressionAdjustedStatistics.ofUnit(u.m, u.mp);
      meanCuped = meanCuped == null ? mc : meanCuped.plus(mc);
      var r = RatioStatistics.ofUnit(u.m, u.d);
      ratio = ratio == null ? r : ratio.plus(r);
      proportion = proportion.plus(ProportionStatistics.ofUnit(u.m > 0));
    }

    assertThat(sums.toStatistics(MetricType.RATIO, true)).isEqualTo(ratioCuped);
    assertThat(sums.toStatistics(MetricType.MEAN, true)).isEqualTo(meanCuped);
    assertThat(sums.toStatistics(MetricType.RATIO, false)).isEqualTo(ratio);
    assertThat(sums.toStatistics(MetricType.MEAN, false)).isEqualTo(ratio.numerator());
    SufficientSums converted = SufficientSums.ZERO;
    for (Unit u : units) {
      converted = converted.plus(SufficientSums.ofUnit(u.m > 0 ? 1 : 0, null, null, null));
    }
    assertThat(converted.toStatistics(MetricType.PROPORTION, false)).isEqualTo(proportion);
  }

  @Test
  void plus_isOrderIndependentAndMinusTakesAUnitOut() {
    List<Unit> units = units(200);
    SufficientSums forward = SufficientSums.ZERO;
    SufficientSums backward = SufficientSums.ZERO;
    for (int i = 0; i < units.size(); i++) {
      Unit f = units.get(i);
      Unit b = units.get(units.size() - 1 - i);
      forward = forward.plus(SufficientSums.ofUnit(f.m, f.d, f.mp, f.dp));
      backward = backward.plus(SufficientSums.ofUnit(b.m, b.d, b.mp, b.dp));
    }
    // Integer-valued units: sums are exact in any order.
    assertThat(forward).isEqualTo(backward);
    Unit last = units.get(units.size() - 1);
    SufficientSums without = forward.minus(SufficientSums.ofUnit(last.m, last.d, last.mp, last.dp));
    SufficientSums direct = SufficientSums.ZERO;
    for (Unit u : units.subList(0, units.size() - 1)) {
      direct = direct.plus(SufficientSums.ofUnit(u.m, u.d, u.mp, u.dp));
    }
    assertThat(without).isEqualTo(direct);
    SampleStatistics s = (SampleStatistics) SufficientSums.ofUnit(0.1, null, null, null)
        .plus(SufficientSums.ofUnit(0.2, null, null, null)).minus(SufficientSums.ofUnit(0.2, null, null, null))
        .minus(SufficientSums.ofUnit(0.1, null, null, null)).toStatistics(MetricType.MEAN, false);
    assertThat(s.sumSquares()).isGreaterThanOrEqualTo(0);
    assertThat(s.sum()).isCloseTo(0, within(1e-15));
  }
}
