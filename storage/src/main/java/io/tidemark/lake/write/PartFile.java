package io.tidemark.lake.write;

import io.tidemark.lake.fs.Location;
import io.tidemark.lake.fs.ParquetFiles;
import io.tidemark.lake.schema.Column;
import io.tidemark.lake.schema.ColumnType;
import io.tidemark.lake.schema.Dataset;
import io.tidemark.lake.write.PendingCommit.StagedPart;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;

/**
 * One open, in-progress Parquet file of one {@code dt}, under its final staged name. It becomes a
 * {@link StagedPart} when closed; until a checkpoint lists it, it is garbage to recovery. Its footer
 * records its own name ({@link FileOrigin}), which it keeps if it is committed as it is.
 */
final class PartFile<R> {

  private final String dt;
  private final Location location;
  private final ParquetWriter<R> writer;
  private final long openedAtMillis;
  private long rows;

  private PartFile(String dt, Location location, ParquetWriter<R> writer, long openedAtMillis) {
    this.dt = dt;
    this.location = location;
    this.writer = writer;
    this.openedAtMillis = openedAtMillis;
  }

  static <R> PartFile<R> open(
      Dataset<R> dataset, Location location, String dt, LakeWriterConfig config, Configuration conf, long nowMillis)
      throws IOException {
    location.fs().mkdirs(location.parent().path());
    Builder<R> builder = new Builder<>(ParquetFiles.output(location), dataset);
    for (Column<R> column : dataset.columns()) {
      if (column.freeText()) {
        builder.withDictionaryEncoding(column.name(), false).withStatisticsEnabled(column.name(), false);
      } else if (column.type() == ColumnType.TIMESTAMP) {
        // Millisecond instants rarely repeat: a dictionary is hashed for every value and then
        // abandoned. Their min/max statistics stay, for time-range pruning.
        builder.withDictionaryEncoding(column.name(), false);
      }
    }
    ParquetWriter<R> writer = builder
        .withConf(conf)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withCompressionCodec(config.compression())
        .config("parquet.compression.codec.zstd.level", Integer.toString(config.zstdLevel()))
        .withRowGroupSize(config.rowGroupBytes())
        .withPageSize(config.pageBytes())
        .withDictionaryEncoding(true)
        // Size statistics (Parquet 1.14+: level histograms and unencoded byte sizes per page) are
        // updated for every value and read by no reader we serve; min/max statistics stay.
        .withSizeStatisticsEnabled(false)
        .withExtraMetaData(FileOrigin.partFooter(location.name()))
        .build();
    return new PartFile<>(dt, location, writer, nowMillis);
  }

  void write(R row) throws IOException {
    writer.write(row);
    rows++;
  }

  long rows() {
    return rows;
  }

  long openedAtMillis() {
    return openedAtMillis;
  }

  /** Bytes written plus bytes buffered: close to the size the file will have. */
  long approximateBytes() {
    return writer.getDataSize();
  }

  /** Writes the footer, syncs and closes: the part is durable when this returns. */
  StagedPart close() throws IOException {
    writer.close();
    long bytes = location.fs().getFileStatus(location.path()).getLen();
    return new StagedPart(dt, location.name(), bytes, rows);
  }

  /** Closes without caring about the file, which recovery will delete. */
  void abandon() {
    try {
      writer.close();
    } catch (IOException | RuntimeException e) {
      // The file is garbage either way.
    }
  }

  private static final class Builder<R> extends ParquetWriter.Builder<R, Builder<R>> {
    private final Dataset<R> dataset;

    Builder(OutputFile file, Dataset<R> dataset) {
      super(file);
      this.dataset = dataset;
    }

    @Override
    protected Builder<R> self() {
      return this;
    }

    @Override
    protected WriteSupport<R> getWriteSupport(Configuration conf) {
      return new RowWriteSupport<>(dataset);
    }

    @Override
    protected WriteSupport<R> getWriteSupport(ParquetConfiguration conf) {
      return new RowWriteSupport<>(dataset);
    }
  }
}
