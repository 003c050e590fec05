package io.tidemark.lake.read;

import io.tidemark.lake.fs.Location;
import io.tidemark.lake.fs.ParquetFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.api.Binary;

/**
 * The smallest and largest value of one column of one Parquet file, and how many of its rows are
 * null, from the file's footer (its row groups' statistics), without reading any row: lets a reader
 * plan which files to open when. {@code min}/{@code max} are null when every row is null;
 * strings come back as {@link String}, integers as {@link Integer} or {@link Long}.
 */
public record ColumnRange(String column, long rows, long nulls, Comparable<?> min, Comparable<?> max) {

  /** Whether every row has no value. */
  public boolean allNull() {
    return nulls == rows;
  }

  /** Whether no row is null and every row holds the same value. */
  public boolean single() {
    return nulls == 0 && rows > 0 && min.equals(max);
  }

  /**
   * Reads the footer of {@code file} once for each of {@code columns}, in that order. A column the
   * file does not have (written before the column existed) is all null.
   *
   * @throws IOException when the file cannot be read or a column lacks statistics
   */
  public static List<ColumnRange> of(Location file, List<String> columns) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(ParquetFiles.input(file))) {
      List<BlockMetaData> blocks = r.getFooter().getBlocks();
      long rows = 0;
      for (BlockMetaData block : blocks) {
        rows += block.getRowCount();
      }
      List<ColumnRange> out = new ArrayList<>();
      for (String column : columns) {
        out.add(of(file, column, blocks, rows));
      }
      return out;
    }
  }

  private static ColumnRange of(Location file, String column, List<BlockMetaData> blocks, long rows)
      throws IOException {
    long nulls = 0;
    Comparable<Object> min = null;
    Comparable<Object> max = null;
    for (BlockMetaData block : blocks) {
      ColumnChunkMetaData chunk = null;
      for (ColumnChunkMetaData c : block.getColumns()) {
        if (c.getPath().toDotString().equals(column)) {
          chunk = c;
        }
      }
      if (chunk == null) {
        nulls += block.getRowCount();
        continue;
      }
      Statistics<?> s = chunk.getStatistics();
      if (s == null || s.isEmpty()) {
        throw new IOException(file + ": column " + column + " has no statistics");
      }
      nulls += s.getNumNulls();
      if (s.hasNonNullValue()) {
        Comparable<Object> lo = value(s.genericGetMin());
        Comparable<Object> hi = value(s.genericGetMax());
        min = min == null || lo.compareTo(min) < 0 ? lo : min;
        max = max == null || hi.compareTo(max) > 0 ? hi : max;
      }
    }
    return new ColumnRange(column, rows, nulls, min, max);
  }

  @SuppressWarnings("unchecked")
  private static Comparable<Object> value(Object v) {
    return (Comparable<Object>) (Object) (v instanceof Binary b ? b.toStringUsingUTF8() : v);
  }
}
