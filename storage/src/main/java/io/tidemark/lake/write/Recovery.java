package io.tidemark.lake.write;

import io.tidemark.lake.LakeLayout;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.fs.ParquetFiles;
import io.tidemark.lake.write.PendingCommit.StagedPart;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one task's files of one dataset back to the state of a restored checkpoint: finishes its
 * commit, keeps the parts it carries, deletes every other hidden file of the task (in-progress
 * files and parts staged after the checkpoint, half-written merges), and refuses to go on if the
 * task already has visible files the checkpoint does not know of.
 */
final class Recovery {

  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private Recovery() {}

  static void run(LakeLayout layout, PendingCommit restored, CommitGuard guard) throws IOException {
    new LakeCommitter(layout).commit(restored, guard);
    int task = restored.task();
    Location staging = layout.stagingDir(task);
    FileSystem fs = staging.fs();

    Set<Path> keep = new HashSet<>();
    for (PendingCommit.StagedGroup group : restored.carried()) {
      for (StagedPart part : group.parts()) {
        Location location = layout.stagedFile(task, part.dt(), part.file());
        if (!fs.exists(location.path())) {
          throw new IllegalStateException("the restored checkpoint " + restored.checkpointId()
              + " carries staged part " + location + ", which is missing: its rows are lost");
        }
        keep.add(location.path());
      }
    }

    List<Path> garbage = new ArrayList<>();
    if (fs.exists(staging.path())) {
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(staging.path(), true);
      while (files.hasNext()) {
        Path file = fs.makeQualified(files.next().getPath());
        if (!keep.contains(file)) {
          garbage.add(file);
        }
      }
    }
    if (!garbage.isEmpty()) {
      LakeCommitter.check(guard, "delete " + garbage.size() + " uncommitted files under " + staging);
      for (Path file : garbage) {
        fs.delete(file, false);
      }
      LOG.info("recovery of {} task {} deleted {} uncommitted files", layout.dataset(), task, garbage.size());
    }

    failOnFilesBeyond(layout, restored);
  }

  /**
   * The carried groups whose parts were written with a schema other than {@code current}: row
   * groups of different schemas cannot be concatenated into one file without losing columns.
   */
  static List<PendingCommit.StagedGroup> staleGroups(LakeLayout layout, PendingCommit restored, MessageType current)
      throws IOException {
    List<PendingCommit.StagedGroup> stale = new ArrayList<>();
    for (PendingCommit.StagedGroup group : restored.carried()) {
      if (group.parts().isEmpty()) {
        continue;
      }
      StagedPart first = group.parts().get(0);
      Location part = layout.stagedFile(restored.task(), first.dt(), first.file());
      try (ParquetFileReader reader = ParquetFileReader.open(ParquetFiles.input(part))) {
        if (!reader.getFileMetaData().getSchema().equals(current)) {
          stale.add(group);
        }
      }
    }
    return stale;
  }

  /**
   * Visible files of this task numbered at or after the checkpoint's {@code nextSeq} can only come
   * from a later checkpoint that was committed: restoring an older one would write their rows a
   * second time (and reuse their names), so stop loudly instead, naming each file's origin (the
   * staged parts it was made from). Such a file may also be a fenced owner's, renamed after a
   * previous recovery had looked; it is refused all the same: nothing in one checkpoint tells it
   * apart from a committed later checkpoint's file, and deleting that one would lose its rows.
   */
  private static void failOnFilesBeyond(LakeLayout layout, PendingCommit restored) throws IOException {
    Location dir = layout.datasetDir();
    String pattern = String.format("dt=*/part-%05d-*.parquet", restored.task());
    FileStatus[] finals = dir.fs().globStatus(new Path(dir.path(), pattern));
    if (finals == null) {
      return;
    }
    List<String> beyond = new ArrayList<>();
    for (FileStatus status : finals) {
      LakeLayout.parseFinalName(status.getPath().getName())
          .filter(ts -> ts[0] == restored.task() && ts[1] >= restored.nextSeq())
          .ifPresent(ts -> beyond.add(status.getPath() + " (" + originOf(new Location(dir.fs(), status.getPath()))
              + ")"));
    }
    if (!beyond.isEmpty()) {
      throw new IllegalStateException("task " + restored.task() + " of " + layout.dataset()
          + " already committed files the restored checkpoint " + restored.checkpointId()
          + " does not know of (nextSeq " + restored.nextSeq() + "): " + beyond
          + "; restoring it would duplicate their rows. Restore the checkpoint that committed them,"
          + " or move them away.");
    }
  }

  private static String originOf(Location file) {
    try {
      return FileOrigin.read(file).map(FileOrigin::toString).orElse("no origin recorded");
    } catch (IOException | RuntimeException e) {
      return "origin unreadable: " + e.getMessage();
    }
  }
}
