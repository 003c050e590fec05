package io.tidemark.lake.schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A lake dataset: its name (the directory under the lake root), its flat columns, how a row maps
 * to its {@code dt} partition (the UTC date of one of its instants), and how a row is rebuilt from
 * column values when read.
 *
 * <p>A dataset is declared once, next to its row record, with {@link #builder(String)}; see
 * {@code io.tidemark.lake.datasets.RawRow}. The {@code dt} partition lives only in the directory
 * name ({@code dt=YYYY-MM-DD}), never as a column, as Hive-style readers expect.
 */
public final class Dataset<R> {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final String name;
  private final List<Column<R>> columns;
  private final Function<R, Instant> partitionTime;
  private final Function<RowValues, R> factory;
  private final Map<String, Integer> index;
  private final MessageType parquetSchema;

  private Dataset(Builder<R> b) {
    this.name = b.name;
    this.columns = List.copyOf(b.columns);
    this.partitionTime = b.partitionTime;
    this.factory = b.factory;
    Map<String, Integer> idx = new HashMap<>();
    Types.MessageTypeBuilder schema = Types.buildMessage();
    for (int i = 0; i < columns.size(); i++) {
      Column<R> c = columns.get(i);
      if (idx.put(c.name(), i) != null) {
        throw new IllegalArgumentException("dataset " + name + " declares column " + c.name() + " twice");
      }
      Type.Repetition repetition = c.required() ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
      schema.addField(Types.primitive(c.type().physical(), repetition).as(c.type().logical()).named(c.name()));
    }
    this.index = Map.copyOf(idx);
    this.parquetSchema = schema.named(name);
  }

  public static <R> Builder<R> builder(String name) {
    return new Builder<>(name);
  }

  public String name() {
    return name;
  }

  public List<Column<R>> columns() {
    return columns;
  }

  public MessageType parquetSchema() {
    return parquetSchema;
  }

  /** The column's position in {@link #columns()}, or -1 if the dataset has no such column. */
  public int columnIndex(String column) {
    return index.getOrDefault(column, -1);
  }

  /** The {@code dt} partition of {@code row}: the UTC date of its partition instant. */
  public LocalDate partitionOf(R row) {
    return LocalDate.ofEpochDay(partitionDayOf(row));
  }

  /** {@link #partitionOf} as a UTC epoch day ({@link LocalDate#toEpochDay()}), without the date object. */
  public long partitionDayOf(R row) {
    Instant t = partitionTime.apply(row);
    if (t == null) {
      throw new NullPointerException("dataset " + name + ": the partition time of a row is null");
    }
    return Math.floorDiv(t.getEpochSecond(), 86_400L);
  }

  /** Rebuilds a row from values in {@link #columns()} order (nulls for absent columns). */
  public R fromColumnValues(Object[] values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException("expected " + columns.size() + " values, got " + values.length);
    }
    return factory.apply(new RowValues(index, values));
  }

  @Override
  public String toString() {
    return "Dataset[" + name + "]";
  }

  /** Declares the columns in file order; every setter checks its argument at once. */
  public static final class Builder<R> {
    private final String name;
    private final List<Column<R>> columns = new ArrayList<>();
    private Function<R, Instant> partitionTime;
    private Function<RowValues, R> factory;

    private Builder(String name) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("dataset name must be lower snake case: " + name);
      }
      this.name = name;
    }

    public Builder<R> column(String column, ColumnType type, boolean required, Function<R, ?> getter) {
      columns.add(new Column<>(column, type, required, false, getter));
      return this;
    }

    /** A long, mostly distinct string such as a JSON payload; see {@link Column#freeText()}. */
    public Builder<R> freeText(String column, Function<R, String> getter) {
      columns.add(new Column<>(column, ColumnType.STRING, false, true, getter));
      return this;
    }

    public Builder<R> requiredFreeText(String column, Function<R, String> getter) {
      columns.add(new Column<>(column, ColumnType.STRING, true, true, getter));
      return this;
    }

    public Builder<R> requiredString(String column, Function<R, String> getter) {
      return column(column, ColumnType.STRING, true, getter);
    }

    public Builder<R> string(String column, Function<R, String> getter) {
      return column(column, ColumnType.STRING, false, getter);
    }

    public Builder<R> requiredTimestamp(String column, Function<R, Instant> getter) {
      return column(column, ColumnType.TIMESTAMP, true, getter);
    }

    public Builder<R> timestamp(String column, Function<R, Instant> getter) {
      return column(column, ColumnType.TIMESTAMP, false, getter);
    }

    public Builder<R> requiredInt64(String column, Function<R, Long> getter) {
      return column(column, ColumnType.INT64, true, getter);
    }

    public Builder<R> int64(String column, Function<R, Long> getter) {
      return column(column, ColumnType.INT64, false, getter);
    }

    public Builder<R> requiredInt32(String column, Function<R, Integer> getter) {
      return column(column, ColumnType.INT32, true, getter);
    }

    public Builder<R> int32(String column, Function<R, Integer> getter) {
      return column(column, ColumnType.INT32, false, getter);
    }

    public Builder<R> requiredBool(String column, Function<R, Boolean> getter) {
      return column(column, ColumnType.BOOLEAN, true, getter);
    }

    public Builder<R> requiredFloat64(String column, Function<R, Double> getter) {
      return column(column, ColumnType.DOUBLE, true, getter);
    }

    public Builder<R> float64(String column, Function<R, Double> getter) {
      return column(column, ColumnType.DOUBLE, false, getter);
    }

    /** The instant whose UTC date is the row's {@code dt}; it must never be null. */
    public Builder<R> partitionedByDateOf(Function<R, Instant> partitionTime) {
      this.partitionTime = Objects.requireNonNull(partitionTime, "partitionTime");
      return this;
    }

    public Builder<R> rows(Function<RowValues, R> factory) {
      this.factory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    public Dataset<R> build() {
      if (columns.isEmpty()) {
        throw new IllegalStateException("dataset " + name + " has no columns");
      }
      if (partitionTime == null) {
        throw new IllegalStateException("dataset " + name + " has no partition time");
      }
      if (factory == null) {
        throw new IllegalStateException("dataset " + name + " has no row factory");
      }
      return new Dataset<>(this);
    }
  }
}
