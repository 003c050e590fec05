package io.tidemark.lake.schema;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One top-level column of a dataset: its name, type, whether it may be null, and how to take its
 * value from a row. The getter returns the column's {@link ColumnType#javaType()}.
 *
 * <p>{@code freeText} marks long, mostly distinct strings (JSON payloads, unique ids): they are
 * written without a dictionary and without min/max statistics, which cost about a fifth of the
 * writing CPU for raw rows and never pay off for such columns (no one filters on the minimum of a
 * JSON text, and the dictionary overflows and falls back anyway).
 */
public record Column<R>(String name, ColumnType type, boolean required, boolean freeText, Function<R, ?> getter) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  public Column {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("column name must be lower snake case: " + name);
    }
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(getter, "getter");
    if (freeText && type != ColumnType.STRING) {
      throw new IllegalArgumentException("only STRING columns can be free text: " + name);
    }
  }

  /** The value of this column in {@code row}, checked against the column's nullability. */
  public Object valueOf(R row) {
    Object value = getter.apply(row);
    if (value == null && required) {
      throw new NullPointerException("required column " + name + " is null");
    }
    return value;
  }
}
