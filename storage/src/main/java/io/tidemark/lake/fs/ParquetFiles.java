package io.tidemark.lake.fs;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Parquet {@link InputFile}/{@link OutputFile} over a {@link Location}'s own file system (Parquet's
 * Hadoop adapters look the file system up again from a Configuration, which would bypass the raw
 * local file system of {@link FileSystems}).
 *
 * <p>Output files are synced before close ({@link #sync}): a staged part must survive a machine
 * crash once the checkpoint that lists it is durable, not only a process crash.
 */
public final class ParquetFiles {

  private ParquetFiles() {}

  public static InputFile input(Location location) throws IOException {
    long length = location.fs().getFileStatus(location.path()).getLen();
    return new InputFile() {
      @Override
      public long getLength() {
        return length;
      }

      @Override
      public SeekableInputStream newStream() throws IOException {
        return HadoopStreams.wrap(location.fs().open(location.path()));
      }

      @Override
      public String toString() {
        return location.toString();
      }
    };
  }

  public static OutputFile output(Location location) {
    return new OutputFile() {
      @Override
      public PositionOutputStream create(long blockSizeHint) throws IOException {
        return new SyncingStream(location.fs().create(location.path(), false));
      }

      @Override
      public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return new SyncingStream(location.fs().create(location.path(), true));
      }

      @Override
      public boolean supportsBlockSize() {
        return false;
      }

      @Override
      public long defaultBlockSize() {
        return 0;
      }

      @Override
      public String getPath() {
        return location.toString();
      }
    };
  }

  /**
   * Forces written bytes to durable storage where the stream can (local files: fsync; HDFS: to the
   * DataNodes' disks). Object stores (S3A) cannot and need not: their close uploads the object.
   */
  public static void sync(FSDataOutputStream out) throws IOException {
    if (out.hasCapability(StreamCapabilities.HSYNC)) {
      out.hsync();
    } else {
      out.flush();
    }
  }

  private static final class SyncingStream extends PositionOutputStream {
    private final FSDataOutputStream out;
    private boolean closed;

    SyncingStream(FSDataOutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() throws IOException {
      return out.getPos();
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try (out) {
        sync(out);
      }
    }
  }
}
