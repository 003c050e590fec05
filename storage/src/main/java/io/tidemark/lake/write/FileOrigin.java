package io.tidemark.lake.write;

import io.tidemark.lake.fs.Location;
import io.tidemark.lake.fs.ParquetFiles;
import io.tidemark.lake.write.PendingCommit.Merge;
import io.tidemark.lake.write.PendingCommit.StagedPart;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * The staged parts a visible file was made from, recorded in its Parquet footer's key-value
 * metadata, so a committer can tell its own file from one a fenced owner put under the same name.
 * Staged parts are named by random UUIDs, so two merges with the same origin hold the same rows.
 *
 * <p>Every staged part names itself ({@value #PART_KEY}), because a single-part merge is renamed
 * as it is; a concatenated merge lists its parts in order ({@value #PARTS_KEY}, comma-separated)
 * and drops the first part's own name. Readers ignore both keys. Files written before origins were
 * recorded have neither: {@link #read} answers empty for them.
 */
record FileOrigin(List<String> parts) {

  /** Footer key of a staged part: its own file name. */
  static final String PART_KEY = "tidemark.part";
  /** Footer key of a concatenated merge: the names of its parts, in order, comma-separated. */
  static final String PARTS_KEY = "tidemark.parts";

  FileOrigin {
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a file is made from at least one staged part");
    }
    for (String part : parts) {
      if (part.isEmpty() || part.contains(",")) {
        throw new IllegalArgumentException("staged part name must be non-empty and without ',': " + part);
      }
    }
  }

  static FileOrigin of(Merge merge) {
    return new FileOrigin(merge.parts().stream().map(StagedPart::file).toList());
  }

  /** The footer entries of the staged part named {@code fileName}. */
  static Map<String, String> partFooter(String fileName) {
    new FileOrigin(List.of(fileName)); // validates the name
    return Map.of(PART_KEY, fileName);
  }

  /** The footer of the concatenation of this origin's parts: the first part's, with the list for its name. */
  Map<String, String> mergedFooter(Map<String, String> firstPartFooter) {
    Map<String, String> footer = new HashMap<>(firstPartFooter);
    footer.remove(PART_KEY);
    footer.put(PARTS_KEY, String.join(",", parts));
    return footer;
  }

  /** The origin recorded in {@code file}'s footer; empty if it has none (written before origins were). */
  static Optional<FileOrigin> read(Location file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(ParquetFiles.input(file))) {
      return fromFooter(reader.getFileMetaData().getKeyValueMetaData());
    }
  }

  static Optional<FileOrigin> fromFooter(Map<String, String> footer) {
    String list = footer.get(PARTS_KEY);
    if (list != null) {
      return Optional.of(new FileOrigin(List.of(list.split(",", -1))));
    }
    String part = footer.get(PART_KEY);
    return part == null ? Optional.empty() : Optional.of(new FileOrigin(List.of(part)));
  }

  @Override
  public String toString() {
    return "staged parts " + parts;
  }
}
