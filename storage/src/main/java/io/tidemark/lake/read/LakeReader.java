package io.tidemark.lake.read;

import io.tidemark.lake.LakeLayout;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.schema.Dataset;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Reads the committed (visible) rows of a dataset with our own Parquet code: for tests, reports and
 * replays of the raw archive. Hidden files ({@code _staging}, names starting with {@code _} or
 * {@code .}) are never read.
 *
 * <p>Order: {@code dt} ascending, then files by name (task, then sequence), then rows as stored.
 */
public final class LakeReader {

  private LakeReader() {}

  /** Every visible file of {@code dataset} under {@code lake} whose {@code dt} is in [from, to]. */
  public static List<Location> files(Location lake, String dataset, LocalDate from, LocalDate to) throws IOException {
    Location dir = lake.child(dataset);
    FileSystem fs = dir.fs();
    if (!fs.exists(dir.path())) {
      return List.of();
    }
    List<FileStatus> partitions = new ArrayList<>();
    for (FileStatus status : fs.listStatus(dir.path())) {
      Optional<LocalDate> dt = LakeLayout.parseDtDirName(status.getPath().getName());
      if (status.isDirectory() && dt.isPresent() && inRange(dt.get(), from, to)) {
        partitions.add(status);
      }
    }
    partitions.sort(Comparator.comparing(s -> s.getPath().getName()));
    List<Location> files = new ArrayList<>();
    for (FileStatus partition : partitions) {
      List<FileStatus> parts = new ArrayList<>();
      for (FileStatus status : fs.listStatus(partition.getPath())) {
        String name = status.getPath().getName();
        if (status.isFile() && name.endsWith(".parquet") && !name.startsWith("_") && !name.startsWith(".")) {
          parts.add(status);
        }
      }
      parts.sort(Comparator.comparing(s -> s.getPath().getName()));
      parts.forEach(s -> files.add(new Location(fs, s.getPath())));
    }
    return files;
  }

  /** A cursor over the rows of {@code dataset} with {@code dt} in [from, to] (nulls: unbounded). */
  public static <R> RowCursor<R> open(Dataset<R> dataset, Location lake, LocalDate from, LocalDate to)
      throws IOException {
    return new RowCursor<>(dataset, files(lake, dataset.name(), from, to));
  }

  /** A cursor over the rows of the given files, in the given order. */
  public static <R> RowCursor<R> open(Dataset<R> dataset, List<Location> files) {
    return new RowCursor<>(dataset, files);
  }

  /** Every visible row of {@code dataset}; for tests and small reports. */
  public static <R> List<R> readAll(Dataset<R> dataset, Location lake) throws IOException {
    return read(dataset, lake, null, null);
  }

  public static <R> List<R> read(Dataset<R> dataset, Location lake, LocalDate from, LocalDate to) throws IOException {
    List<R> rows = new ArrayList<>();
    try (RowCursor<R> cursor = open(dataset, lake, from, to)) {
      cursor.forEachRemaining(rows::add);
    }
    return rows;
  }

  private static boolean inRange(LocalDate dt, LocalDate from, LocalDate to) {
    return (from == null || !dt.isBefore(from)) && (to == null || !dt.isAfter(to));
  }
}
