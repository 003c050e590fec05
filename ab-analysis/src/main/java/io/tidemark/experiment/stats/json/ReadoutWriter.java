package io.tidemark.experiment.stats.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.experiment.stats.EffectEstimate;
import io.tidemark.experiment.stats.MetricReadout;
import io.tidemark.experiment.stats.Readout;
import java.util.Locale;

/**
 * Writes a {@link Readout} as the {@code tidemark stats} output. Fields that do not apply to the
 * engine, and the open end of a one-sided interval, are {@code null}.
 */
public final class ReadoutWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReadoutWriter() {}

  public static ObjectNode toJson(Readout readout) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("srm_p_value", readout.srmPValue());
    root.put("srm_flagged", readout.srmFlagged());
    ArrayNode metrics = root.putArray("metrics");
    for (MetricReadout m : readout.metrics()) {
      ObjectNode metric = metrics.addObject();
      metric.put("id", m.id());
      metric.put("status", name(m.status()));
      ArrayNode variants = metric.putArray("variants");
      int index = 1;
      for (EffectEstimate e : m.effects()) {
        ObjectNode v = variants.addObject();
        v.put("variant", index++);
        v.put("expected", e.expected());
        putFinite(v, "ci_low", e.ciLow());
        putFinite(v, "ci_high", e.ciHigh());
        v.put("se", e.standardError());
        v.put("p_value", e.pValue());
        v.put("chance_to_win", e.chanceToWin());
        v.put("risk_control", e.riskControl());
        v.put("risk_treatment", e.riskTreatment());
        v.put("adjusted_p_value", e.adjustedPValue());
        v.put("status", name(e.status()));
      }
    }
    return root;
  }

  public static String toPrettyString(Readout readout) {
    return toJson(readout).toPrettyString();
  }

  private static void putFinite(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }

  private static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
