package io.tidemark.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.events.Envelope;
import io.tidemark.events.EventJson;
import io.tidemark.events.EventType;
import io.tidemark.lake.LakeLayout;
import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.fs.Location;
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
 * The raw archive ({@code <lake>/raw}) read back as envelopes, one stream per task that wrote it:
 * a live task's files hold one Kafka partition's events in arrival order (by {@code dt}, then
 * sequence), and its keys are its own, so replaying each writer's files in its own replay task
 * gives every key its live order and its own watermark (reading all files through one watermark
 * would make a partition read later look a day late).
 *
 * <p>Lossy where the archive is: {@code name}, {@code category}, {@code groupId},
 * {@code previousId}, {@code traits} and {@code timestampClamped} are not archived, so they come
 * back null/empty/false. Screen sessions replayed from the archive therefore have no entry/exit
 * location (that comes from a screen's {@code name}); page sessions are complete.
 */
public final class RawArchiveInput {

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

  /** One iterator per writer task (ascending task index), of rows with {@code dt} in [from, to]. */
  public static List<Iterator<Envelope>> byWriterTask(String rawDir, LocalDate from, LocalDate to)
      throws IOException {
    Location lake = lakeOf(rawDir);
    Map<Long, List<Location>> byTask = new TreeMap<>();
    for (Location f : LakeReader.files(lake, RawRow.DATASET.name(), from, to)) {
      long task = LakeLayout.parseFinalName(f.name()).map(a -> a[0]).orElse(-1L);
      byTask.computeIfAbsent(task, t -> new ArrayList<>()).add(f);
    }
    List<Iterator<Envelope>> out = new ArrayList<>();
    for (List<Location> files : byTask.values()) {
      RowCursor<RawRow> rows = LakeReader.open(RawRow.DATASET, files);
      out.add(new Iterator<>() {
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
        public Envelope next() {
          return envelope(rows.next());
        }
      });
    }
    return out;
  }

  /** The envelope an archived row came from, as far as the archive holds it (see the class doc). */
  public static Envelope envelope(RawRow r) {
    return new Envelope(r.messageId(), EventType.ofWireName(r.type()), r.event(), null, null, r.anonymousId(),
        r.userId(), null, null, r.timestamp(), r.originalTimestamp(), r.sentAt(),
        r.receivedAt() != null ? r.receivedAt() : r.timestamp(), false, r.source() != null ? r.source() : "default",
        object(r.context()), object(r.properties()), null, object(r.integrations()));
  }

  private static ObjectNode object(String json) {
    if (json == null || json.isEmpty()) {
      return null;
    }
    try {
      JsonNode n = EventJson.mapper().readTree(json);
      return n instanceof ObjectNode o ? o : null;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("archived JSON is not an object: " + e.getOriginalMessage(), e);
    }
  }
}
