package io.tidemark.lake.read;

import io.tidemark.lake.fs.Location;
import io.tidemark.lake.fs.ParquetFiles;
import io.tidemark.lake.schema.Dataset;
import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.InputFile;

/**
 * Pulls the rows of a list of files, file after file, each in its stored order: the shape a replay
 * source needs. One file is open at a time. Not thread-safe.
 */
public final class RowCursor<R> implements Iterator<R>, Closeable {

  private final Dataset<R> dataset;
  private final Iterator<Location> files;
  private ParquetReader<R> reader;
  private Location current;
  private R next;

  RowCursor(Dataset<R> dataset, List<Location> files) {
    this.dataset = dataset;
    this.files = List.copyOf(files).iterator();
  }

  /** The file the last row came from (for logs and replay positions), or null before the first. */
  public Location currentFile() {
    return current;
  }

  @Override
  public boolean hasNext() {
    try {
      while (next == null) {
        if (reader != null) {
          next = reader.read();
          if (next != null) {
            break;
          }
          reader.close();
          reader = null;
        }
        if (!files.hasNext()) {
          return false;
        }
        current = files.next();
        reader = open(dataset, current);
      }
      return true;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + current, e);
    }
  }

  @Override
  public R next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    R row = next;
    next = null;
    return row;
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }

  static <R> ParquetReader<R> open(Dataset<R> dataset, Location file) throws IOException {
    return new Builder<>(ParquetFiles.input(file), dataset).withConf(file.fs().getConf()).build();
  }

  private static final class Builder<R> extends ParquetReader.Builder<R> {
    private final Dataset<R> dataset;

    Builder(InputFile file, Dataset<R> dataset) {
      super(file);
      this.dataset = dataset;
    }

    @Override
    protected ReadSupport<R> getReadSupport() {
      return new RowReadSupport<>(dataset);
    }
  }
}
