package io.tidemark.lake.write;

import io.tidemark.lake.schema.Column;
import io.tidemark.lake.schema.Dataset;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/** Writes a dataset's rows straight to Parquet's record consumer, column by column. */
final class RowWriteSupport<R> extends WriteSupport<R> {

  /** Footer key naming the dataset, kept by merges. */
  static final String DATASET_KEY = "tidemark.dataset";

  private final Dataset<R> dataset;
  private final List<Column<R>> columns;
  private final Object[] values;
  private RecordConsumer consumer;

  RowWriteSupport(Dataset<R> dataset) {
    this.dataset = dataset;
    this.columns = dataset.columns();
    this.values = new Object[columns.size()];
  }

  static Map<String, String> footerMetadata(String dataset) {
    return Map.of(DATASET_KEY, dataset);
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(dataset.parquetSchema(), footerMetadata(dataset.name()));
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(dataset.parquetSchema(), footerMetadata(dataset.name()));
  }

  @Override
  public String getName() {
    return "tidemark";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(R row) {
    // Take every value first: a bad row must fail before the message starts, or the file is corrupt.
    for (int i = 0; i < values.length; i++) {
      values[i] = columns.get(i).valueOf(row);
    }
    consumer.startMessage();
    for (int i = 0; i < values.length; i++) {
      Column<R> column = columns.get(i);
      Object value = values[i];
      if (value == null) {
        continue;
      }
      consumer.startField(column.name(), i);
      switch (column.type()) {
        case STRING -> consumer.addBinary(Binary.fromString((String) value));
        case TIMESTAMP -> consumer.addLong(((Instant) value).toEpochMilli());
        case INT64 -> consumer.addLong((Long) value);
        case INT32 -> consumer.addInteger((Integer) value);
        case BOOLEAN -> consumer.addBoolean((Boolean) value);
        case DOUBLE -> consumer.addDouble((Double) value);
      }
      consumer.endField(column.name(), i);
    }
    consumer.endMessage();
  }
}
