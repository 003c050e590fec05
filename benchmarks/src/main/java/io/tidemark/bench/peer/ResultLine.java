package io.tidemark.bench.peer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one line a benchmark child process prints for its parent: {@code RESULT {json}}, fields in
 * the order they were added. Plain Java on jackson-core, so Flink's JVM prints it the same way.
 */
public final class ResultLine {

  public static final String PREFIX = "RESULT ";

  private final Map<String, Object> fields = new LinkedHashMap<>();

  public ResultLine put(String name, Object value) {
    fields.put(name, value);
    return this;
  }

  /** A field's value, or null. */
  public Object get(String name) {
    return fields.get(name);
  }

  public String json() {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        Object v = e.getValue();
        if (v == null) {
          g.writeNullField(e.getKey());
        } else if (v instanceof Long || v instanceof Integer) {
          g.writeNumberField(e.getKey(), ((Number) v).longValue());
        } else if (v instanceof Number n) {
          g.writeNumberField(e.getKey(), Math.round(n.doubleValue() * 1000) / 1000.0);
        } else if (v instanceof Boolean b) {
          g.writeBooleanField(e.getKey(), b);
        } else {
          g.writeStringField(e.getKey(), v.toString());
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  public void print() {
    System.out.println(PREFIX + json());
    System.out.flush();
  }
}
