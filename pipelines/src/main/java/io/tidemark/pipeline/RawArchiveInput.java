package io.tidemark.pipeline;

import io.tidemark.lake.LakeLayout;
import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.read.ColumnRange;
import io.tidemark.lake.read.LakeReader;
import io.tidemark.lake.read.RowCursor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The raw archive ({@code <lake>/raw}) read back as the events the live job read, one stream per
 * Kafka partition in offset order: the order and grouping the live run had. A live task's files
 * each hold one partition's rows in offset order, spread over the {@code dt} partitions its events
 * fell in; {@link OffsetMerge} interleaves them again by offset. Replaying each partition as its
 * own stream gives every key its live order and each stream its own watermark (reading all files
 * through one watermark would make a partition read later look a day late).
 *
 * <p>Rows without Kafka coordinates (written by a replay of NDJSON files and published) come as one
 * stream per writer task, its files by {@code dt}, then name: a writer task's keys are its own, but
 * the order across its {@code dt} partitions is not recorded.
 *
 * <p>Every column is read back ({@link RawRows#logged}): a replay of the archive sees the envelopes
 * the live job saw, and its own raw archive keeps the coordinates.
 */
public final class RawArchiveInput {

  private static final List<String> COORDINATES = List.of("kafka_topic", "kafka_partition", "kafka_offset");

  private RawArchiveInput() {
  }

  /** Whether {@code pathOrUri} is a raw archive: a directory named {@code raw}. */
  public static boolean isRawArchive(String pathOrUri) throws IOException {
    String s = trimmed(pathOrUri);
    if (!s.substring(s.lastIndexOf('/') + 1).equals(RawRow.DATASET.name())) {
      return false;
    }
    Location l = FileSystems.shared().resolve(s);
    return l.exists() && l.fs().getFileStatus(l.path()).isDirectory();
  }

  /**
   * The streams of rows with {@code dt} in [from, to] (nulls: unbounded): one per Kafka partition,
   * by topic and partition, then one per writer task for rows without coordinates, by task.
   *
   * @throws IOException when a file cannot be read, or holds rows of several partitions (no writer
   *     of this project produces such a file, so it cannot be ordered)
   */
  public static List<Iterator<LoggedEvent>> streams(String rawDir, LocalDate from, LocalDate to) throws IOException {
    Location lake = lakeOf(rawDir);
    Map<String, List<OffsetMerge.FileStart>> byPartition = new TreeMap<>();
    Map<Long, List<Location>> byWriterTask = new TreeMap<>();
    for (Location f : LakeReader.files(lake, RawRow.DATASET.name(), from, to)) {
      List<ColumnRange> c = ColumnRange.of(f, COORDINATES);
      ColumnRange topic = c.get(0);
      ColumnRange partition = c.get(1);
      ColumnRange offset = c.get(2);
      if (partition.allNull() && topic.allNull()) {
        long task = LakeLayout.parseFinalName(f.name()).map(a -> a[0]).orElse(-1L);
        byWriterTask.computeIfAbsent(task, t -> new ArrayList<>()).add(f);
      } else if (topic.single() && partition.single() && offset.nulls() == 0) {
        String key = "%s\u001f%010d".formatted(topic.min(), (Integer) partition.min());
        byPartition.computeIfAbsent(key, k -> new ArrayList<>()).add(new OffsetMerge.FileStart(f, (Long) offset.min()));
      } else {
        throw new IOException("raw archive file " + f + " mixes Kafka partitions (topics " + topic.min() + ".."
            + topic.max() + ", partitions " + partition.min() + ".." + partition.max() + ", " + partition.nulls()
            + " of " + partition.rows() + " rows without one): it cannot be replayed in offset order");
      }
    }
    List<Iterator<LoggedEvent>> out = new ArrayList<>();
    byPartition.values().forEach(files -> out.add(new OffsetMerge(files)));
    byWriterTask.values().forEach(files -> out.add(inFileOrder(files)));
    return out;
  }

  private static Iterator<LoggedEvent> inFileOrder(List<Location> files) {
    RowCursor<RawRow> rows = LakeReader.open(RawRow.DATASET, files);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        boolean more = rows.hasNext();
        if (!more) {
          try {
            rows.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        return more;
      }

      @Override
      public LoggedEvent next() {
        return RawRows.logged(rows.next());
      }
    };
  }

  /**
   * The lake holding the raw archive {@code rawDir}, by string: {@code Location.parent()} of a local
   * directory is the directory itself (its URI ends with '/').
   */
  private static Location lakeOf(String rawDir) {
    String s = trimmed(rawDir);
    int slash = s.lastIndexOf('/');
    return FileSystems.shared().resolve(slash < 0 ? "." : slash == 0 ? "/" : s.substring(0, slash));
  }

  private static String trimmed(String pathOrUri) {
    String s = pathOrUri.replaceAll("/+$", "");
    return s.isEmpty() ? "/" : s;
  }
}
