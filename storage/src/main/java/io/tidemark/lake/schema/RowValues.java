package io.tidemark.lake.schema;

import java.time.Instant;
import java.util.Map;

/**
 * The column values of one row being read, by column name, for a dataset's row factory. A column
 * that is null in the file, or absent from an older file, reads as null.
 */
public final class RowValues {

  private final Map<String, Integer> index;
  private final Object[] values;

  RowValues(Map<String, Integer> index, Object[] values) {
    this.index = index;
    this.values = values;
  }

  public Object get(String column) {
    Integer i = index.get(column);
    if (i == null) {
      throw new IllegalArgumentException("no column named " + column);
    }
    return values[i];
  }

  public String string(String column) {
    return (String) get(column);
  }

  public Instant instant(String column) {
    return (Instant) get(column);
  }

  public Long int64(String column) {
    return (Long) get(column);
  }

  /** The value of a column declared required; fails if it is null (a corrupt or foreign file). */
  public long requiredInt64(String column) {
    return (Long) required(column);
  }

  public Integer int32(String column) {
    return (Integer) get(column);
  }

  public int requiredInt32(String column) {
    return (Integer) required(column);
  }

  public Boolean bool(String column) {
    return (Boolean) get(column);
  }

  public boolean requiredBool(String column) {
    return (Boolean) required(column);
  }

  public Double float64(String column) {
    return (Double) get(column);
  }

  public double requiredFloat64(String column) {
    return (Double) required(column);
  }

  private Object required(String column) {
    Object value = get(column);
    if (value == null) {
      throw new IllegalStateException("required column " + column + " is null in the file");
    }
    return value;
  }
}
