package io.tidemark.experiment.report;

import io.tidemark.experiment.lake.SufficientSums;
import io.tidemark.experiment.metrics.Cap;
import io.tidemark.experiment.metrics.ExperimentDefinition;
import io.tidemark.experiment.metrics.MetricDefinition;
import io.tidemark.experiment.metrics.MetricKind;
import io.tidemark.experiment.metrics.MetricType;
import io.tidemark.experiment.metrics.MetricsConfig;
import io.tidemark.experiment.report.ExperimentReport.MetricSummary;
import io.tidemark.experiment.stats.ExperimentAnalysis;
import io.tidemark.experiment.stats.MetricInput;
import io.tidemark.experiment.stats.Readout;
import io.tidemark.experiment.stats.SampleRatioMismatch;
import io.tidemark.experiment.stats.VariantStatistics;
import io.tidemark.lake.datasets.ExperimentUnitRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns merged statistics and the configuration into a report. The experiment's variants, weights
 * and metrics come from the configuration when it lists the experiment; otherwise the variants
 * are those in the lake ({@code control} first, then by name) with equal weights, and the metrics
 * those in the lake, each analysed as its configured definition when there is one and as its
 * stored {@code metric_type} otherwise.
 */
final class ReportAssembler {
  private final MetricsConfig config;
  private final MergedStats merged;
  private final Freshness freshness;
  private final Supplier<List<ExperimentUnitRow>> unitRows;
  private final List<String> warnings = new ArrayList<>();
  private List<ExperimentUnitRow> units;

  ReportAssembler(MetricsConfig config, MergedStats merged, Freshness freshness,
      Supplier<List<ExperimentUnitRow>> unitRows) {
    this.config = config;
    this.merged = merged;
    this.freshness = freshness;
    this.unitRows = unitRows;
  }

  ExperimentReport assemble() {
    String experiment = merged.experiment();
    ExperimentDefinition definition = config.experiment(experiment).orElse(null);
    List<String> variants = definition != null ? definition.variants() : defaultOrder(merged.variants());
    List<Double> weights = definition != null ? definition.weights()
        : ExperimentDefinition.equalSplit(experiment, variants, List.of()).weights();
    for (String v : merged.variants()) {
      if (!variants.contains(v)) {
        warnings.add("variant " + v + " is in the lake but not configured for " + experiment + ": its "
            + merged.exposures().getOrDefault(v, 0L) + " units are left out");
      }
    }
    List<Long> exposed = variants.stream().map(v -> merged.exposures().getOrDefault(v, 0L)).toList();

    List<String> ids = definition != null
        ? config.metricsOf(definition).stream().map(MetricDefinition::id).toList()
        : List.copyOf(merged.metrics().keySet());
    List<MetricSummary> summaries = new ArrayList<>();
    List<MetricInput> inputs = new ArrayList<>();
    for (String id : ids) {
      analysed(id, variants).ifPresent(m -> {
        summaries.add(m.summary());
        inputs.add(m.input());
      });
    }

    Readout readout = new ExperimentAnalysis(config.settings()).analyze(weights, inputs);
    if (exposed.stream().mapToLong(Long::longValue).sum() > 0) {
      // Units first exposed per variant, not the first metric's units: SRM must not depend on which
      // metric is listed first, and must work for an experiment with no metric yet.
      double p = SampleRatioMismatch.pValue(exposed, weights);
      readout = new Readout(p, SampleRatioMismatch.flagged(p, exposed), readout.metrics());
    }
    if (readout.srmFlagged()) {
      warnings.add(String.format(Locale.ROOT, "sample ratio mismatch: p = %.2g < %s for units %s against weights %s;"
          + " assignment or exposure logging is likely broken, do not trust the effects",
          readout.srmPValue(), SampleRatioMismatch.THRESHOLD, exposed, weights));
    }
    long attributed = merged.exposures().values().stream().mapToLong(Long::longValue).sum();
    long multiple = merged.multipleExposureUnits();
    double rate = multiple + attributed == 0 ? 0 : (double) multiple / (multiple + attributed);
    if (rate >= ExperimentReport.MULTIPLE_EXPOSURE_WARNING_RATE) {
      warnings.add(String.format(Locale.ROOT, "multiple exposure: %d units (%.1f%%) were seen in more than one"
          + " variant and are excluded", multiple, rate * 100));
    }
    return new ExperimentReport(experiment, variants, weights, exposed, config.settings(), summaries, readout,
        multiple, rate, freshness, warnings);
  }

  private record Analysed(MetricSummary summary, MetricInput input) {}

  private Optional<Analysed> analysed(String id, List<String> variants) {
    MetricDefinition def = config.metric(id).orElse(null);
    MetricType stored = merged.metricTypes().get(id);
    boolean inLake = merged.metrics().containsKey(id);
    MetricType type = def != null ? def.type() : stored;
    boolean cuped = def != null ? def.cuped() : merged.metricsWithCovariate().contains(id);
    if (def != null && stored != null && stored != def.type()) {
      warnings.add("metric " + id + " is configured as a " + def.kind().text() + " metric (" + def.type().text()
          + " statistics) but the lake holds " + stored.text() + " statistics: left out");
      return Optional.empty();
    }
    if (def != null && def.cuped() && inLake && !merged.metricsWithCovariate().contains(id)) {
      warnings.add("metric " + id + " has no covariate in the lake: shown without CUPED");
      cuped = false;
    }
    if (!inLake) {
      warnings.add("metric " + id + " has no data in the lake yet");
    }
    Double capValue = null;
    Map<String, SufficientSums> sums;
    if (needsUnitRows(def)) {
      UnitSums fromUnits = fromUnits(def, variants);
      sums = fromUnits.sums();
      capValue = fromUnits.capValue();
    } else {
      sums = merged.metrics().getOrDefault(id, Map.of());
    }
    List<VariantStatistics> stats = new ArrayList<>();
    for (String v : variants) {
      stats.add(sums.getOrDefault(v, SufficientSums.ZERO).toStatistics(type, cuped));
    }
    boolean inverse = def != null && def.inverse();
    MetricSummary summary = new MetricSummary(id, type, cuped, inverse, capValue,
        stats.stream().map(VariantStatistics::units).toList(), stats.stream().map(VariantStatistics::mean).toList());
    return Optional.of(new Analysed(summary, new MetricInput(id, stats, inverse)));
  }

  private boolean needsUnitRows(MetricDefinition def) {
    if (def == null) {
      return false;
    }
    if (def.kind() == MetricKind.RATIO) {
      return config.metric(def.numerator()).map(MetricDefinition::capsUnitValues).orElse(false)
          || config.metric(def.denominator()).map(MetricDefinition::capsUnitValues).orElse(false);
    }
    return def.capsUnitValues();
  }

  private record UnitSums(Map<String, SufficientSums> sums, Double capValue) {}

  /**
   * Sums from the current unit rows with unit-level caps: values and covariates at the value cap,
   * for ratios denominators and their covariates at the denominator metric's cap.
   */
  private UnitSums fromUnits(MetricDefinition def, List<String> variants) {
    if (units == null) {
      units = unitRows.get();
    }
    List<ExperimentUnitRow> rows = units.stream()
        .filter(r -> r.metric().equals(def.id()) && variants.contains(r.variant())).toList();
    MetricDefinition valueDef = def.kind() == MetricKind.RATIO ? config.metric(def.numerator()).orElseThrow() : def;
    MetricDefinition denominatorDef = def.kind() == MetricKind.RATIO
        ? config.metric(def.denominator()).orElseThrow() : null;
    Double valueCap = capValue(valueDef, rows.stream().mapToDouble(ExperimentUnitRow::value).toArray());
    Double denominatorCap = capValue(denominatorDef,
        rows.stream().mapToDouble(r -> r.denominator() == null ? 0 : r.denominator()).toArray());
    Map<String, SufficientSums> sums = new HashMap<>();
    for (ExperimentUnitRow r : rows) {
      SufficientSums unit = SufficientSums.ofUnit(cap(r.value(), valueCap), cap(r.denominator(), denominatorCap),
          cap(r.covariate(), valueCap), cap(r.covariateDenominator(), denominatorCap));
      sums.merge(r.variant(), unit, SufficientSums::plus);
    }
    return new UnitSums(sums, valueCap);
  }

  /** The cap of a metric's unit values: absolute, or the percentile of {@code values} (all arms). */
  private static Double capValue(MetricDefinition def, double[] values) {
    if (def == null || !def.capsUnitValues()) {
      return null;
    }
    if (def.cap().type() == Cap.Type.ABSOLUTE) {
      return def.cap().value();
    }
    return values.length == 0 ? null : Percentile.of(values, def.cap().value());
  }

  private static Double cap(Double value, Double cap) {
    return value == null || cap == null ? value : Double.valueOf(Math.min(value, cap));
  }

  private static double cap(double value, Double cap) {
    return cap == null ? value : Math.min(value, cap);
  }

  /** {@code control} (any case) first, then by name. */
  static List<String> defaultOrder(Collection<String> variants) {
    return variants.stream()
        .sorted(Comparator.comparing((String v) -> !v.equalsIgnoreCase("control")).thenComparing(v -> v))
        .toList();
  }
}
