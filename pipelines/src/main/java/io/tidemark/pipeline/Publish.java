package io.tidemark.pipeline;

import io.tidemark.lake.LakeLayout;
import io.tidemark.lake.datasets.LateRow;
import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.datasets.SessionRow;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.fs.Location;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;

/**
 * Publishes a replay: each {@code dt} partition of {@code <lake>/replay/<run>/<table>} replaces the
 * same partition of the live {@code <lake>/<table>}, for {@code raw}, {@code sessions} and
 * {@code late} (those of them the replay produced). Partitions the replay has no rows for are left
 * alone.
 *
 * <p>Per partition: the replay's files are copied to {@code <table>/_publishing/<run>/dt=...}, the
 * live partition is moved to {@code <table>/_replaced/<run>/dt=...} (kept for undo; readers skip
 * names starting with '_'), then the copy is renamed into place. Between those two renames the
 * partition is briefly absent. Publishing the same run again is idempotent: the first replaced
 * partition is kept, the earlier publish of the run is dropped.
 *
 * <p>Not for dates a live worker is still writing: its later commits would land in the published
 * partition. Sessions that cross the edge of a replay's date range are split at it.
 */
public final class Publish {

  private static final List<String> TABLES =
      List.of(RawRow.DATASET.name(), SessionRow.DATASET.name(), LateRow.DATASET.name());

  private Publish() {
  }

  /** Publishes run {@code runId}; returns the partitions replaced, as {@code table/dt=...}. */
  public static List<String> publish(String lake, String runId) throws IOException {
    return publish(lake, runId, OutputTables.all());
  }

  /**
   * Publishes the tables of run {@code runId} that are among {@code produced} (what the run was asked
   * to write); the live partitions of other tables are left alone. Returns the partitions replaced, as
   * {@code table/dt=...}.
   *
   * @throws IllegalArgumentException when {@code late} was produced only in part ({@link
   *     OutputTables#lateIsPartial()}): its partitions would replace the experiments' late rows too
   */
  public static List<String> publish(String lake, String runId, OutputTables produced) throws IOException {
    if (produced.lateIsPartial()) {
      throw new IllegalArgumentException("cannot publish late without the experiments' late rows: select an"
          + " experiment table too, or leave late out");
    }
    String base = lake.replaceAll("/+$", "");
    FileSystems fss = FileSystems.shared();
    List<String> done = new ArrayList<>();
    for (String table : TABLES) {
      if (!produced.contains(table)) {
        continue;
      }
      Location replayed = fss.resolve(Replay.outputOf(base, runId) + "/" + table);
      if (!replayed.exists()) {
        continue;
      }
      FileSystem fs = replayed.fs();
      Location live = fss.resolve(base + "/" + table);
      for (FileStatus partition : fs.listStatus(replayed.path())) {
        String dt = partition.getPath().getName();
        if (!partition.isDirectory() || LakeLayout.parseDtDirName(dt).isEmpty()) {
          continue;
        }
        Path staging = new Path(live.path(), "_publishing/" + runId + "/" + dt);
        Path target = new Path(live.path(), dt);
        Path replaced = new Path(live.path(), "_replaced/" + runId + "/" + dt);
        fs.delete(staging, true);
        fs.mkdirs(staging.getParent());
        if (!FileUtil.copy(fs, partition.getPath(), fs, staging, false, fs.getConf())) {
          throw new IOException("cannot copy " + partition.getPath() + " to " + staging);
        }
        if (fs.exists(target)) {
          if (fs.exists(replaced)) {
            fs.delete(target, true);
          } else {
            fs.mkdirs(replaced.getParent());
            rename(fs, target, replaced);
          }
        }
        rename(fs, staging, target);
        done.add(table + "/" + dt);
      }
      fs.delete(new Path(live.path(), "_publishing/" + runId), true);
    }
    return done;
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot rename " + from + " to " + to);
    }
  }
}
