package io.tidemark.lake.read;

import io.tidemark.lake.schema.Column;
import io.tidemark.lake.schema.Dataset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a dataset's rows from a Parquet file into its row type. Reads the dataset's columns that the
 * file has (an older file lacking a newer optional column reads it as null); a column present with
 * another type is an error, not a guess.
 */
final class RowReadSupport<R> extends ReadSupport<R> {

  private final Dataset<R> dataset;

  RowReadSupport(Dataset<R> dataset) {
    this.dataset = dataset;
  }

  @Override
  public ReadContext init(InitContext context) {
    MessageType file = context.getFileSchema();
    List<Type> fields = new ArrayList<>();
    for (Column<R> column : dataset.columns()) {
      if (!file.containsField(column.name())) {
        if (column.required()) {
          throw new IllegalStateException("file lacks required column " + column.name() + " of " + dataset);
        }
        continue;
      }
      Type type = file.getType(column.name());
      if (!type.isPrimitive() || type.asPrimitiveType().getPrimitiveTypeName() != column.type().physical()) {
        throw new IllegalStateException("column " + column.name() + " of " + dataset + " is " + type
            + " in the file, expected " + column.type());
      }
      fields.add(type);
    }
    return new ReadContext(new MessageType(file.getName(), fields));
  }

  @Override
  public RecordMaterializer<R> prepareForRead(
      Configuration configuration, Map<String, String> keyValueMetaData, MessageType fileSchema, ReadContext context) {
    return new Materializer<>(dataset, context.getRequestedSchema());
  }

  private static final class Materializer<R> extends RecordMaterializer<R> {
    private final Dataset<R> dataset;
    private final Object[] values;
    private final Root root;

    Materializer(Dataset<R> dataset, MessageType requested) {
      this.dataset = dataset;
      this.values = new Object[dataset.columns().size()];
      Converter[] converters = new Converter[requested.getFieldCount()];
      for (int i = 0; i < converters.length; i++) {
        PrimitiveType field = requested.getType(i).asPrimitiveType();
        int index = dataset.columnIndex(field.getName());
        converters[i] = converter(dataset.columns().get(index), index);
      }
      this.root = new Root(converters);
    }

    @Override
    public R getCurrentRecord() {
      return dataset.fromColumnValues(values);
    }

    @Override
    public GroupConverter getRootConverter() {
      return root;
    }

    private PrimitiveConverter converter(Column<R> column, int index) {
      return switch (column.type()) {
        case STRING -> new StringConverter(values, index);
        case TIMESTAMP -> new PrimitiveConverter() {
          @Override
          public void addLong(long millis) {
            values[index] = Instant.ofEpochMilli(millis);
          }
        };
        case INT64 -> new PrimitiveConverter() {
          @Override
          public void addLong(long value) {
            values[index] = value;
          }
        };
        case INT32 -> new PrimitiveConverter() {
          @Override
          public void addInt(int value) {
            values[index] = value;
          }
        };
        case BOOLEAN -> new PrimitiveConverter() {
          @Override
          public void addBoolean(boolean value) {
            values[index] = value;
          }
        };
        case DOUBLE -> new PrimitiveConverter() {
          @Override
          public void addDouble(double value) {
            values[index] = value;
          }
        };
      };
    }

    private final class Root extends GroupConverter {
      private final Converter[] converters;

      Root(Converter[] converters) {
        this.converters = converters;
      }

      @Override
      public Converter getConverter(int fieldIndex) {
        return converters[fieldIndex];
      }

      @Override
      public void start() {
        Arrays.fill(values, null);
      }

      @Override
      public void end() {}
    }
  }

  /** Decodes each dictionary entry once instead of once per row. */
  private static final class StringConverter extends PrimitiveConverter {
    private final Object[] values;
    private final int index;
    private String[] dictionary;

    StringConverter(Object[] values, int index) {
      this.values = values;
      this.index = index;
    }

    @Override
    public boolean hasDictionarySupport() {
      return true;
    }

    @Override
    public void setDictionary(Dictionary dict) {
      dictionary = new String[dict.getMaxId() + 1];
      for (int id = 0; id <= dict.getMaxId(); id++) {
        dictionary[id] = dict.decodeToBinary(id).toStringUsingUTF8();
      }
    }

    @Override
    public void addValueFromDictionary(int dictionaryId) {
      values[index] = dictionary[dictionaryId];
    }

    @Override
    public void addBinary(Binary value) {
      values[index] = value.toStringUsingUTF8();
    }
  }
}
