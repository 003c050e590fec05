package io.tidemark.experiment.stats;

import io.tidemark.experiment.stats.internals.BayesianEffectTest;
import io.tidemark.experiment.stats.internals.EffectMoments;
import io.tidemark.experiment.stats.internals.FixedHorizonTTest;
import io.tidemark.experiment.stats.internals.SequentialTTest;
import java.util.ArrayList;
import java.util.List;

/**
 * The statistics engine: from per-variant sufficient statistics to a readout. Each treatment
 * variant is compared with the control (the first variant) on its own, as gbstats {@code
 * gbstats.py analyze_metric_df} does; CUPED's θ is pooled over the two arms of each comparison.
 * Stateless and thread-safe.
 *
 * <pre>{@code
 * var analysis = new ExperimentAnalysis(AnalysisSettings.defaults().withEngine(Engine.FREQUENTIST));
 * Readout readout = analysis.analyze(List.of(0.5, 0.5), List.of(MetricInput.of("revenue",
 *     List.of(controlStats, treatmentStats))));
 * }</pre>
 */
public final class ExperimentAnalysis {
  private final AnalysisSettings settings;

  public ExperimentAnalysis(AnalysisSettings settings) {
    this.settings = Checks.notNull("settings", settings);
  }

  public AnalysisSettings settings() {
    return settings;
  }

  /** One treatment against the control (no multiple-testing adjustment). */
  public EffectEstimate compare(
      VariantStatistics control, VariantStatistics treatment, boolean inverse) {
    if (control.getClass() != treatment.getClass()) {
      throw new IllegalArgumentException(
          "control and treatment must hold the same kind of statistics: "
              + control.getClass().getSimpleName()
              + " vs "
              + treatment.getClass().getSimpleName());
    }
    EffectMoments moments = EffectMoments.of(control, treatment, settings.relative());
    if (settings.engine() == Engine.BAYESIAN) {
      return BayesianEffectTest.estimate(
          moments, settings.prior(), settings.relative(), settings.alpha(), inverse);
    }
    if (settings.sequential()) {
      return SequentialTTest.estimate(
          moments, settings.alternative(), settings.alpha(), settings.sequentialTuning());
    }
    return FixedHorizonTTest.estimate(moments, settings.alternative(), settings.alpha());
  }

  /**
   * Every metric's effects, p-values adjusted across all metrics × variants, and the sample ratio
   * mismatch of the first metric's units against {@code weights} (one per variant, control first).
   */
  public Readout analyze(List<Double> weights, List<MetricInput> metrics) {
    List<MetricReadout> readouts = new ArrayList<>();
    for (MetricInput metric : metrics) {
      List<VariantStatistics> variants = metric.variants();
      if (variants.size() != weights.size()) {
        throw new IllegalArgumentException(
            "metric " + metric.id() + " has " + variants.size() + " variants but there are "
                + weights.size() + " weights");
      }
      List<EffectEstimate> effects = new ArrayList<>();
      for (int i = 1; i < variants.size(); i++) {
        effects.add(compare(variants.get(0), variants.get(i), metric.inverse()));
      }
      Status status = effects.isEmpty() ? Status.SINGLE_ARM : Status.OK;
      readouts.add(new MetricReadout(metric.id(), status, effects));
    }
    readouts = adjust(readouts);
    if (metrics.isEmpty()) {
      return new Readout(1, false, readouts);
    }
    List<Long> units = metrics.get(0).variants().stream().map(VariantStatistics::units).toList();
    double srm = SampleRatioMismatch.pValue(units, weights);
    return new Readout(srm, SampleRatioMismatch.flagged(srm, units), readouts);
  }

  private List<MetricReadout> adjust(List<MetricReadout> readouts) {
    if (settings.engine() != Engine.FREQUENTIST || settings.correction() == Correction.NONE) {
      return readouts;
    }
    List<Double> pValues = new ArrayList<>();
    for (MetricReadout r : readouts) {
      for (EffectEstimate e : r.effects()) {
        if (e.pValue() != null) {
          pValues.add(e.pValue());
        }
      }
    }
    double[] adjusted =
        settings.correction().adjust(pValues.stream().mapToDouble(Double::doubleValue).toArray());
    List<MetricReadout> result = new ArrayList<>();
    int next = 0;
    for (MetricReadout r : readouts) {
      List<EffectEstimate> effects = new ArrayList<>();
      for (EffectEstimate e : r.effects()) {
        effects.add(e.pValue() == null ? e : e.withAdjustedPValue(adjusted[next++]));
      }
      result.add(new MetricReadout(r.id(), r.status(), effects));
    }
    return result;
  }
}
