package io.tidemark.experiment.report;

import io.tidemark.experiment.report.ExperimentReport.MetricSummary;
import io.tidemark.experiment.stats.DifferenceType;
import io.tidemark.experiment.stats.EffectEstimate;
import io.tidemark.experiment.stats.Engine;
import io.tidemark.experiment.stats.MetricReadout;
import io.tidemark.experiment.stats.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code tidemark report} as text: a header (freshness, units and SRM, how it was analysed), one
 * aligned table row per metric and variant, and the warnings. The control row has no effect; a
 * treatment row shows the lift (relative, or the absolute difference), its interval and the
 * p-value (frequentist) or chance to win (Bayesian). An effect that could not be estimated shows
 * its status instead.
 */
public final class ReportText {
  private ReportText() {}

  public static String format(ExperimentReport r) {
    StringBuilder out = new StringBuilder();
    boolean bayesian = r.settings().engine() == Engine.BAYESIAN;
    boolean relative = r.settings().difference() == DifferenceType.RELATIVE;
    out.append("Experiment ").append(r.experiment()).append('\n');
    out.append("Data up to ").append(r.freshness().watermark() == null ? "(no watermark)"
        : r.freshness().watermark().toString()).append(" (event time; the lowest of ")
        .append(r.freshness().tasks()).append(r.freshness().tasks() == 1 ? " task)" : " tasks)").append('\n');
    StringBuilder units = new StringBuilder("Units ");
    for (int i = 0; i < r.variants().size(); i++) {
      units.append("  ").append(r.variants().get(i)).append(' ').append(r.units().get(i))
          .append(String.format(Locale.ROOT, " (weight %s%%)", trim(r.weights().get(i) * 100)));
    }
    units.append(String.format(Locale.ROOT, "   SRM p = %.4g", r.readout().srmPValue()));
    if (r.multipleExposureUnits() > 0) {
      units.append(String.format(Locale.ROOT, "   multiple exposure %d (%.2f%%)", r.multipleExposureUnits(),
          r.multipleExposureRate() * 100));
    }
    out.append(units).append('\n');
    double level = (1 - r.settings().alpha()) * 100;
    out.append("Analysis ").append(bayesian ? "Bayesian" : "frequentist")
        .append(r.settings().sequential() ? " sequential" : "")
        .append(relative ? ", relative lift" : ", absolute difference")
        .append(String.format(Locale.ROOT, ", %s%% %s interval", trim(level), bayesian ? "credible" : "confidence"))
        .append('\n').append('\n');

    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"metric", "variant", "units", "mean", relative ? "lift" : "difference",
        trim(level) + "% interval", bayesian ? "chance to win" : "p-value"});
    for (int m = 0; m < r.metrics().size(); m++) {
      MetricSummary summary = r.metrics().get(m);
      MetricReadout readout = r.readout().metrics().get(m);
      for (int v = 0; v < r.variants().size(); v++) {
        String[] row = new String[7];
        row[0] = v == 0 ? summary.id() + (summary.cuped() ? " (CUPED)" : "") : "";
        row[1] = r.variants().get(v);
        row[2] = Long.toString(summary.units().get(v));
        row[3] = number(summary.means().get(v));
        if (v == 0) {
          row[4] = row[5] = row[6] = "";
        } else {
          effect(readout.effects().get(v - 1), relative, bayesian, row);
        }
        rows.add(row);
      }
    }
    table(rows, out);
    if (!r.warnings().isEmpty()) {
      out.append('\n').append("Warnings").append('\n');
      r.warnings().forEach(w -> out.append("  ! ").append(w).append('\n'));
    }
    return out.toString();
  }

  private static void effect(EffectEstimate e, boolean relative, boolean bayesian, String[] row) {
    if (e.status() != Status.OK) {
      row[4] = "(" + e.status().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
      row[5] = row[6] = "";
      return;
    }
    row[4] = effectValue(e.expected(), relative);
    row[5] = "[" + effectValue(e.ciLow(), relative) + ", " + effectValue(e.ciHigh(), relative) + "]";
    if (bayesian) {
      row[6] = e.chanceToWin() == null ? "" : String.format(Locale.ROOT, "%.1f%%", e.chanceToWin() * 100);
    } else {
      Double p = e.adjustedPValue() != null ? e.adjustedPValue() : e.pValue();
      row[6] = p == null ? "" : p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }
  }

  private static String effectValue(double value, boolean relative) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "+∞" : "-∞";
    }
    return relative ? String.format(Locale.ROOT, "%+.2f%%", value * 100) : String.format(Locale.ROOT, "%+.4g", value);
  }

  private static String number(double value) {
    return Math.abs(value) >= 1e6 || (value != 0 && Math.abs(value) < 1e-3)
        ? String.format(Locale.ROOT, "%.4g", value) : String.format(Locale.ROOT, "%.4f", value);
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3g", value);
  }

  /** Columns 0-1 left-aligned, the rest right-aligned, two spaces apart. */
  private static void table(List<String[]> rows, StringBuilder out) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].codePointCount(0, row[c].length()));
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        int pad = widths[c] - row[c].codePointCount(0, row[c].length());
        if (c > 0) {
          line.append("  ");
        }
        if (c < 2) {
          line.append(row[c]).append(" ".repeat(pad));
        } else {
          line.append(" ".repeat(pad)).append(row[c]);
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
