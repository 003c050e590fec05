package io.tidemark.lake.write;

import io.tidemark.lake.LakeLayout;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.fs.ParquetFiles;
import io.tidemark.lake.write.PendingCommit.Merge;
import io.tidemark.lake.write.PendingCommit.StagedPart;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.schema.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Materializes the merges of a {@link PendingCommit}: stateless, so it can run on any thread or
 * after a restart, and idempotent, so running it again after a crash anywhere inside it ends in
 * the same visible files, each exactly once.
 *
 * <p>Per merge, in order, with the guard asked before every rename and delete:
 * <ol>
 *   <li>if the visible file exists, read its origin (the staged parts it was made from, see
 *       {@link FileOrigin}): if it is this merge's, an earlier run renamed it and only step 4 is
 *       left. If it is another's, a fenced owner put it there (a zombie that passed its last check
 *       before its successor claimed the task, or one whose checkpoint the successor could not
 *       restore and so planned this name for other rows): it is moved out of the way, with a WARN
 *       naming both origins. A file with no recorded origin (written before origins were) counts
 *       as this merge's, as it always did;
 *   <li>else every staged part must exist (if one is missing while the visible file is absent, the
 *       lake lost data and this throws); one part is renamed as it is; several are concatenated
 *       row group by row group, without decoding ({@link ParquetFileReader#appendTo}), into the
 *       hidden {@code <target>.merging} (overwriting a half-written one), whose row count is checked;
 *   <li>rename to the visible name, never replacing a file ({@link ExclusiveRename}): the only step
 *       readers can observe, atomic on HDFS and the local file system. If the name was taken
 *       meanwhile, back to step 1;
 *   <li>delete the staged parts and the merging file (missing ones are fine).
 * </ol>
 *
 * <p>Why the origin and not just the fence: the guard is checked before, not atomically with, each
 * step, so a fenced owner can still make one file operation after its successor claimed the task.
 * The no-replace rename keeps that operation from overwriting the successor's file, and the origin
 * check keeps the successor from taking the fenced owner's file for its own.
 */
public final class LakeCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(LakeCommitter.class);

  /** Renames tried per merge before giving up on a name that other writers keep taking. */
  private static final int RENAME_ATTEMPTS = 3;

  private final LakeLayout layout;

  public LakeCommitter(LakeLayout layout) {
    this.layout = Objects.requireNonNull(layout, "layout");
  }

  /**
   * Runs every merge of {@code pending}; returns the visible files this call renamed into place
   * (empty when an earlier call already did all of it).
   *
   * @throws CommitFencedException if the guard refuses a step; the lake is left between steps
   */
  public List<Location> commit(PendingCommit pending, CommitGuard guard) throws IOException {
    Objects.requireNonNull(guard, "guard");
    if (!pending.dataset().equals(layout.dataset())) {
      throw new IllegalArgumentException(
          "pending commit of dataset " + pending.dataset() + " given to the committer of " + layout.dataset());
    }
    List<Location> renamed = new ArrayList<>();
    for (Merge merge : pending.merges()) {
      if (materialize(pending.task(), merge, guard)) {
        renamed.add(layout.finalFile(merge.dt(), merge.target()));
      }
    }
    return renamed;
  }

  private boolean materialize(int task, Merge merge, CommitGuard guard) throws IOException {
    Location target = layout.finalFile(merge.dt(), merge.target());
    FileSystem fs = target.fs();
    FileOrigin ours = FileOrigin.of(merge);
    List<Location> parts = new ArrayList<>();
    for (StagedPart part : merge.parts()) {
      parts.add(layout.stagedFile(task, merge.dt(), part.file()));
    }
    Location merging = layout.mergingFile(task, merge.dt(), merge.target());
    Location source = null;
    boolean renamed = false;
    for (int attempt = 1; !renamed && !holdsOurs(target, ours, parts, guard); attempt++) {
      if (attempt > RENAME_ATTEMPTS) {
        throw new IOException("cannot commit " + target + ": other writers took its name " + RENAME_ATTEMPTS
            + " times; is a second worker running this task without the fence?");
      }
      if (source == null) {
        requirePartsFor(target, parts, "the visible file was never created", guard);
        source = parts.size() == 1 ? parts.get(0) : concatenate(merge, parts, merging, ours);
        fs.mkdirs(target.parent().path());
      }
      check(guard, "rename " + source + " to " + target);
      try {
        renamed = ExclusiveRename.renameIfAbsent(fs, source.path(), target.path());
      } catch (IOException e) {
        // A successor's recovery deletes a fenced owner's hidden files: report that, not the symptom.
        check(guard, "go on after the rename of " + source + " to " + target + " failed (" + e + ")");
        throw e;
      }
      if (renamed) {
        LOG.debug("committed {} ({} rows from {} staged parts)", target, merge.rows(), parts.size());
      }
    }
    check(guard, "delete the staged parts of " + target);
    for (Location part : parts) {
      fs.delete(part.path(), false);
    }
    if (parts.size() > 1) {
      fs.delete(merging.path(), false);
    }
    return renamed;
  }

  /**
   * Whether {@code target} holds this merge. False if it is absent, or if it held another origin's
   * file, which this then moves out of the way (the guard permitting): back to its staged name if
   * it is one of this merge's parts that a fenced owner renamed as it is, else deleted. Such a file
   * is kept, and this throws, if this merge could not be made in its place.
   */
  private boolean holdsOurs(Location target, FileOrigin ours, List<Location> parts, CommitGuard guard)
      throws IOException {
    FileSystem fs = target.fs();
    Optional<FileOrigin> found;
    try {
      if (!fs.exists(target.path())) {
        return false;
      }
      found = FileOrigin.read(target);
    } catch (FileNotFoundException gone) {
      return false;
    }
    if (found.isEmpty() || found.get().equals(ours)) {
      return true;
    }
    Optional<Location> ourPart = consumedPart(found.get(), parts);
    if (ourPart.isPresent()) {
      check(guard, "move " + target + " back to " + ourPart.get());
      LOG.warn("{} holds {}, a fenced owner's file, not ours ({}); it is our staged part {} renamed as is: moving"
          + " it back", target, found.get(), ours, ourPart.get().name());
      ExclusiveRename.renameIfAbsent(fs, target.path(), ourPart.get().path());
      return false;
    }
    requirePartsFor(target, parts, "it holds " + found.get() + ", a fenced owner's file, which is left in place",
        guard);
    check(guard, "delete " + target + ", a fenced owner's file");
    LOG.warn("{} holds {}, a fenced owner's file, not ours ({}): deleting it to commit ours", target, found.get(),
        ours);
    fs.delete(target.path(), false);
    return false;
  }

  /** The staged part of ours that {@code foreign} is, renamed as is, when that part is gone from staging. */
  private static Optional<Location> consumedPart(FileOrigin foreign, List<Location> parts) throws IOException {
    if (foreign.parts().size() != 1) {
      return Optional.empty();
    }
    for (Location part : parts) {
      if (part.name().equals(foreign.parts().get(0)) && !part.exists()) {
        return Optional.of(part);
      }
    }
    return Optional.empty();
  }

  /**
   * Throws if a staged part of the merge is missing: its rows are lost, unless this owner is fenced
   * (its successor's recovery deleted the parts), which is then what it throws.
   */
  private static void requirePartsFor(Location target, List<Location> parts, String why, CommitGuard guard)
      throws IOException {
    for (Location part : parts) {
      if (!part.exists()) {
        check(guard, "go on without staged part " + part);
        throw new IllegalStateException("cannot commit " + target + ": staged part " + part + " is missing and "
            + why + "; its rows are lost, unless a fenced owner renamed it as is: then a visible file of this"
            + " task whose footer key " + FileOrigin.PART_KEY + " names it holds them (move it back)");
      }
    }
  }

  private static Location concatenate(Merge merge, List<Location> parts, Location merging, FileOrigin origin)
      throws IOException {
    FileMetaData first;
    try (ParquetFileReader reader = ParquetFileReader.open(ParquetFiles.input(parts.get(0)))) {
      first = reader.getFileMetaData();
    }
    MessageType schema = first.getSchema();
    Map<String, String> keyValues = origin.mergedFooter(first.getKeyValueMetaData());
    // Row groups are copied as they are; the row-group size only matters for padding, which is off.
    ParquetFileWriter writer =
        new ParquetFileWriter(ParquetFiles.output(merging), schema, ParquetFileWriter.Mode.OVERWRITE, 128L << 20, 0);
    try {
      writer.start();
      for (Location part : parts) {
        try (ParquetFileReader reader = ParquetFileReader.open(ParquetFiles.input(part))) {
          // Appending drops columns the first part lacks: refuse rather than lose data.
          if (!reader.getFileMetaData().getSchema().equals(schema)) {
            throw new IllegalStateException("staged part " + part + " has another schema than " + parts.get(0));
          }
          reader.appendTo(writer);
        }
      }
      writer.end(keyValues);
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    }
    long rows = writer.getFooter().getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
    if (rows != merge.rows()) {
      throw new IOException("merged " + merging + " holds " + rows + " rows, its parts " + merge.rows());
    }
    return merging;
  }

  static void check(CommitGuard guard, String step) {
    if (!guard.mayCommit()) {
      throw new CommitFencedException("fenced: the commit guard refused to " + step);
    }
  }
}
