package io.tidemark.lake.write;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * How a {@link LakeWriter} sizes and encodes its files.
 *
 * @param targetFileBytes a (dataset, dt, task)'s staged parts become one visible file once they
 *     reach this size (default 128 MiB)
 * @param rollInterval ... or once the oldest of them is this old (default 60 s), so quiet
 *     partitions still appear; the bound is checked at checkpoints, so a file appears within
 *     {@code rollInterval} + one checkpoint interval
 * @param rowGroupBytes Parquet row group size, also the most an open file buffers in memory
 *     (default 32 MiB); checkpoints close files, so row groups are at most one interval's data
 * @param pageBytes Parquet page size (default 1 MiB)
 * @param compression ZSTD (default) or SNAPPY
 * @param zstdLevel the ZSTD level (default 3)
 */
public record LakeWriterConfig(
    long targetFileBytes,
    Duration rollInterval,
    long rowGroupBytes,
    int pageBytes,
    CompressionCodecName compression,
    int zstdLevel) {

  public static final LakeWriterConfig DEFAULTS =
      new LakeWriterConfig(128L << 20, Duration.ofSeconds(60), 32L << 20, 1 << 20, CompressionCodecName.ZSTD, 3);

  /** Checks every setting and reports every problem at once. */
  public LakeWriterConfig {
    List<String> problems = new ArrayList<>();
    if (targetFileBytes <= 0) {
      problems.add("targetFileBytes must be positive: " + targetFileBytes);
    }
    if (rollInterval == null || rollInterval.isNegative() || rollInterval.isZero()) {
      problems.add("rollInterval must be positive: " + rollInterval);
    }
    if (rowGroupBytes < 1024) {
      problems.add("rowGroupBytes must be at least 1024: " + rowGroupBytes);
    }
    if (pageBytes < 1024) {
      problems.add("pageBytes must be at least 1024: " + pageBytes);
    }
    if (compression != CompressionCodecName.ZSTD
        && compression != CompressionCodecName.SNAPPY
        && compression != CompressionCodecName.UNCOMPRESSED) {
      problems.add("compression must be ZSTD, SNAPPY or UNCOMPRESSED: " + compression);
    }
    if (zstdLevel < 1 || zstdLevel > 22) {
      problems.add("zstdLevel must be in 1..22: " + zstdLevel);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid lake writer config: " + String.join("; ", problems));
    }
  }

  public LakeWriterConfig withTargetFileBytes(long bytes) {
    return new LakeWriterConfig(bytes, rollInterval, rowGroupBytes, pageBytes, compression, zstdLevel);
  }

  public LakeWriterConfig withRollInterval(Duration interval) {
    return new LakeWriterConfig(targetFileBytes, Objects.requireNonNull(interval, "interval"),
        rowGroupBytes, pageBytes, compression, zstdLevel);
  }

  public LakeWriterConfig withRowGroupBytes(long bytes) {
    return new LakeWriterConfig(targetFileBytes, rollInterval, bytes, pageBytes, compression, zstdLevel);
  }

  public LakeWriterConfig withCompression(CompressionCodecName codec) {
    return new LakeWriterConfig(targetFileBytes, rollInterval, rowGroupBytes, pageBytes, codec, zstdLevel);
  }
}
