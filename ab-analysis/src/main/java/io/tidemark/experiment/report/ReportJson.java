package io.tidemark.experiment.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.experiment.report.ExperimentReport.MetricSummary;
import io.tidemark.experiment.stats.json.ReadoutWriter;
import java.util.Locale;

/**
 * {@code tidemark report --json}: the {@link ReadoutWriter} JSON (the {@code tidemark stats}
 * output) with the experiment's variants, each metric's per-variant units and means, the
 * multiple-exposure count, the warnings and the freshness added. Effects keep {@code variant} (the
 * index, 1 = first treatment) and gain {@code variant_name}.
 */
public final class ReportJson {
  private ReportJson() {}

  public static ObjectNode toJson(ExperimentReport report) {
    ObjectNode root = ReadoutWriter.toJson(report.readout());
    root.put("experiment", report.experiment());
    root.put("engine", report.settings().engine().name().toLowerCase(Locale.ROOT));
    root.put("difference", report.settings().difference().name().toLowerCase(Locale.ROOT));
    ArrayNode variants = root.putArray("variants");
    for (int i = 0; i < report.variants().size(); i++) {
      variants.addObject()
          .put("name", report.variants().get(i))
          .put("weight", report.weights().get(i))
          .put("units", report.units().get(i));
    }
    ArrayNode metrics = (ArrayNode) root.get("metrics");
    for (int m = 0; m < report.metrics().size(); m++) {
      MetricSummary summary = report.metrics().get(m);
      ObjectNode metric = (ObjectNode) metrics.get(m);
      metric.put("type", summary.type().text());
      metric.put("cuped", summary.cuped());
      metric.put("inverse", summary.inverse());
      metric.put("cap_value", summary.capValue());
      ArrayNode arms = metric.putArray("arms");
      for (int v = 0; v < report.variants().size(); v++) {
        arms.addObject()
            .put("variant", report.variants().get(v))
            .put("units", summary.units().get(v))
            .put("mean", summary.means().get(v));
      }
      for (var effect : metric.withArray("variants")) {
        ((ObjectNode) effect).put("variant_name", report.variants().get(effect.get("variant").asInt()));
      }
    }
    root.putObject("multiple_exposure")
        .put("units", report.multipleExposureUnits())
        .put("rate", report.multipleExposureRate());
    ObjectNode freshness = root.putObject("freshness");
    if (report.freshness().watermark() == null) {
      freshness.putNull("watermark");
    } else {
      freshness.put("watermark", report.freshness().watermark().toString());
    }
    freshness.put("tasks", report.freshness().tasks());
    ArrayNode warnings = root.putArray("warnings");
    report.warnings().forEach(warnings::add);
    return root;
  }
}
