package io.tidemark.pipeline;

import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.read.LakeReader;
import io.tidemark.lake.read.RowCursor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * One Kafka partition's archived rows in offset order, merged from its files, each of which holds
 * rows in ascending offset order (one task wrote it, record after record). A file is opened only
 * when the merge reaches its first offset (known from its footer), so only the files whose offset
 * ranges overlap are open at once: a few (today's, yesterday's, one a late upload went to), not
 * every day of the archive.
 */
final class OffsetMerge implements Iterator<LoggedEvent> {

  /** A file and the smallest offset in it. */
  record FileStart(Location file, long firstOffset) {
  }

  private record Head(Location file, RowCursor<RawRow> rows, RawRow row) {
  }

  private final Deque<FileStart> unopened;
  private final PriorityQueue<Head> open =
      new PriorityQueue<>(Comparator.comparingLong((Head h) -> h.row().kafkaOffset()));

  OffsetMerge(List<FileStart> files) {
    this.unopened = new ArrayDeque<>(files.stream().sorted(Comparator.comparingLong(FileStart::firstOffset)).toList());
  }

  @Override
  public boolean hasNext() {
    openDue();
    return !open.isEmpty();
  }

  @Override
  public LoggedEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Head h = open.poll();
    advance(h.file(), h.rows(), h.row().kafkaOffset());
    return RawRows.logged(h.row());
  }

  /** Opens every file that may hold an offset below the smallest one at hand. */
  private void openDue() {
    while (!unopened.isEmpty() && (open.isEmpty() || unopened.peek().firstOffset() <= open.peek().row().kafkaOffset())) {
      Location f = unopened.poll().file();
      advance(f, LakeReader.open(RawRow.DATASET, List.of(f)), Long.MIN_VALUE);
    }
  }

  /** Queues the next row of {@code rows}, which must lie after {@code previous}, or closes them. */
  private void advance(Location file, RowCursor<RawRow> rows, long previous) {
    try {
      if (!rows.hasNext()) {
        rows.close();
        return;
      }
      RawRow next = rows.next();
      if (next.kafkaOffset() <= previous) {
        rows.close();
        throw new IllegalStateException("raw archive file " + file + " is not in offset order: offset "
            + next.kafkaOffset() + " follows " + previous);
      }
      open.add(new Head(file, rows, next));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
