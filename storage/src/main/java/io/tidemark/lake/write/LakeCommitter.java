package io.tidemark.lake.write;

import io.tidemark.lake.LakeLayout;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.fs.ParquetFiles;
import io.tidemark.lake.write.PendingCommit.Merge;
import io.tidemark.lake.write.PendingCommit.StagedPart;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>Per merge, in order, with the guard asked before each rename and before the deletes:
 * <ol>
 *   <li>if the visible file exists, an earlier run renamed it: only step 4 is left;
 *   <li>else every staged part must exist (if one is missing while the visible file is absent, the
 *       lake lost data and this throws); one part is renamed as it is; several are concatenated
 *       row group by row group, without decoding ({@link ParquetFileReader#appendTo}), into the
 *       hidden {@code <target>.merging} (overwriting a half-written one), whose row count is checked;
 *   <li>rename to the visible name: the only step readers can observe, atomic on HDFS and local FS;
 *   <li>delete the staged parts (missing ones are fine).
 * </ol>
 */
public final class LakeCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(LakeCommitter.class);

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
    List<Location> parts = new ArrayList<>();
    for (StagedPart part : merge.parts()) {
      parts.add(layout.stagedFile(task, merge.dt(), part.file()));
    }
    boolean renamed = false;
    if (!fs.exists(target.path())) {
      for (Location part : parts) {
        if (!fs.exists(part.path())) {
          throw new IllegalStateException("cannot commit " + target + ": staged part " + part
              + " is missing and the visible file was never created; its rows are lost");
        }
      }
      Location source = parts.size() == 1 ? parts.get(0) : concatenate(task, merge, parts);
      fs.mkdirs(target.parent().path());
      check(guard, "rename " + source + " to " + target);
      if (!fs.rename(source.path(), target.path()) && !fs.exists(target.path())) {
        throw new IOException("rename of " + source + " to " + target + " failed");
      }
      renamed = true;
      LOG.debug("committed {} ({} rows from {} staged parts)", target, merge.rows(), parts.size());
    }
    check(guard, "delete the staged parts of " + target);
    for (Location part : parts) {
      fs.delete(part.path(), false);
    }
    return renamed;
  }

  private Location concatenate(int task, Merge merge, List<Location> parts) throws IOException {
    Location merging = layout.mergingFile(task, merge.dt(), merge.target());
    FileMetaData first;
    try (ParquetFileReader reader = ParquetFileReader.open(ParquetFiles.input(parts.get(0)))) {
      first = reader.getFileMetaData();
    }
    MessageType schema = first.getSchema();
    Map<String, String> keyValues = first.getKeyValueMetaData();
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
      throw new CommitFencedException("commit guard refused to " + step);
    }
  }
}
