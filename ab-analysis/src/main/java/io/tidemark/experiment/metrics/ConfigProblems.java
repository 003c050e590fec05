package io.tidemark.experiment.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.experiment.json.JsonProblems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The metrics configuration's problems: {@link JsonProblems} with its field kinds. */
final class ConfigProblems extends JsonProblems {

  /** A required id matching {@link MetricDefinition#ID}, or null after a problem. */
  String id(JsonNode parent, String path) {
    JsonNode node = parent.get("id");
    if (node == null || !node.isTextual() || node.textValue().isBlank()) {
      add(join(path, "id"), "missing (a non-empty string)");
      return null;
    }
    if (!MetricDefinition.ID.matcher(node.textValue()).matches()) {
      add(join(path, "id"), "must be letters, digits, _ - . or :, got " + node);
      return null;
    }
    return node.textValue();
  }

  /** An optional non-blank string, or null. */
  String text(JsonNode parent, String path, String field) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual() || node.textValue().isBlank()) {
      add(join(path, field), "must be a non-empty string, got " + node);
      return null;
    }
    return node.textValue();
  }

  /** A list of non-blank strings; null when absent (a problem if required) or invalid. */
  List<String> texts(JsonNode parent, String path, String field, boolean required) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        add(join(path, field), "missing (a non-empty list of names)");
      }
      return null;
    }
    if (!node.isArray() || (required && node.isEmpty())) {
      add(join(path, field), "must be a non-empty list of names");
      return null;
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode v = node.get(i);
      if (!v.isValueNode() || v.isNull() || v.asText().isBlank()) {
        add(join(path, field) + "[" + i + "]", "must be a non-empty name, got " + v);
        return null;
      }
      values.add(v.asText());
    }
    return values;
  }

  /** An optional positive duration ({@code 72h}, {@code 14d}, {@code PT30M}), or null. */
  Duration duration(JsonNode parent, String path, String field) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    Duration d = node.isTextual() ? Durations.parse(node.textValue()) : null;
    if (d == null || d.isNegative() || d.isZero()) {
      add(join(path, field), "must be a positive duration such as 30m, 72h or 14d, got " + node);
      return null;
    }
    return d;
  }
}
