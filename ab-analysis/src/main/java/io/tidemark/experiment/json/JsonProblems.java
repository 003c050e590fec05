package io.tidemark.experiment.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects every problem of a JSON or YAML input document (the metrics configuration, the {@code
 * tidemark stats} input), each prefixed with its path, so that a user sees all of them at once.
 * Readers of each document extend it with the field kinds they need.
 */
public class JsonProblems {
  private final List<String> list = new ArrayList<>();

  public void add(String path, String message) {
    list.add(path.isEmpty() ? message : path + ": " + message);
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public int size() {
    return list.size();
  }

  public List<String> list() {
    return list;
  }

  public void unknownFields(JsonNode object, String path, Set<String> known) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        add(join(path, name), "unknown field (expected one of " + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
  }

  /** A finite number, or null (after recording a problem) when absent or not a number. */
  public Double number(JsonNode parent, String path, String field, boolean required) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        add(join(path, field), "missing");
      }
      return null;
    }
    if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
      add(join(path, field), "must be a number, got " + node);
      return null;
    }
    return node.doubleValue();
  }

  public Boolean bool(JsonNode parent, String path, String field) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      add(join(path, field), "must be true or false, got " + node);
      return null;
    }
    return node.booleanValue();
  }

  /** The enum constant named by a lower-case, hyphenated string, or null after a problem. */
  public <E extends Enum<E>> E choice(JsonNode parent, String path, String field, List<String> names,
      List<E> values) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    String text = node.isTextual() ? node.textValue().toLowerCase(Locale.ROOT) : null;
    int index = text == null ? -1 : names.indexOf(text);
    if (index < 0) {
      add(join(path, field), "must be one of " + String.join(", ", names) + ", got " + node);
      return null;
    }
    return values.get(index);
  }

  public static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
