package io.tidemark.lake.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.checkpoint.storage.CheckpointFiles;
import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.read.LakeReader;
import io.tidemark.lake.testing.DuckDb;
import io.tidemark.lake.testing.ManualClock;
import io.tidemark.lake.testing.TestRows;
import io.tidemark.lake.write.CommitGuard;
import io.tidemark.lake.write.LakeWriter;
import io.tidemark.lake.write.PendingCommit;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same protocol on a real in-process HDFS (NameNode + one DataNode), addressed by hdfs:// URI.
 * Starting it takes 10-35 s depending on the machine's load (its web apps are scanned on start);
 * {@code -Dtidemark.skipHdfs=true} skips it.
 */
@DisabledIfSystemProperty(named = "tidemark.skipHdfs", matches = "true")
class HdfsLakeTest {

  static MiniDFSCluster cluster;
  static FileSystems fileSystems;
  static double startSeconds;

  @TempDir static Path base;
  @TempDir Path local;

  @BeforeAll
  static void startHdfs() throws Exception {
    long t0 = System.nanoTime();
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("hdfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    fileSystems = new FileSystems(cluster.getConfiguration(0));
    startSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("MiniDFSCluster started in %.1f s at %s%n", startSeconds, cluster.getURI());
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  @Test
  void crashAfterPreCommitAndRecoveryOnHdfsCommitEveryRowExactlyOnce() throws Exception {
    Location lake = fileSystems.resolve(cluster.getURI() + "/lake");
    assertThat(lake.uri().getScheme()).isEqualTo("hdfs");
    ManualClock clock = new ManualClock(Instant.parse("2026-11-24T10:00:00Z"));
    TestRows generator = new TestRows(3);
    List<RawRow> rows = new ArrayList<>();
    for (int n = 0; n < 3000; n++) {
      rows.add(generator.raw(n, Instant.parse("2026-11-23T23:00:00Z"), Duration.ofSeconds(3)));
    }

    LakeWriter<RawRow> crashed = LakeWriter.forDataset(RawRow.DATASET).lake(lake).task(0).clock(clock)
        .start(CommitGuard.ALWAYS);
    for (int n = 0; n < 2000; n++) {
      crashed.write(rows.get(n));
    }
    clock.advance(Duration.ofMinutes(2));
    PendingCommit completed = crashed.preCommit(1);
    for (int n = 2000; n < 2500; n++) {
      crashed.write(rows.get(n));
    }

    LakeWriter<RawRow> recovered = LakeWriter.forDataset(RawRow.DATASET).lake(lake).task(0).clock(clock)
        .recover(PendingCommit.fromJson(completed.toJson()), CommitGuard.ALWAYS);
    for (int n = 2000; n < 3000; n++) {
      recovered.write(rows.get(n));
    }
    recovered.commit(recovered.preCommit(2, true), CommitGuard.ALWAYS);
    recovered.close();

    assertThat(LakeReader.readAll(RawRow.DATASET, lake)).containsExactlyInAnyOrderElementsOf(rows);
    assertThat(lake.fs().exists(new org.apache.hadoop.fs.Path(lake.path(), "raw/_staging/task-00000"))).isTrue();
    assertThat(lake.fs().listFiles(new org.apache.hadoop.fs.Path(lake.path(), "raw/_staging"), true).hasNext())
        .isFalse();

    lake.fs().copyToLocalFile(new org.apache.hadoop.fs.Path(lake.path(), "raw"),
        new org.apache.hadoop.fs.Path(local.resolve("raw").toUri()));
    assertThat(DuckDb.query("SELECT count(*) AS n, count(DISTINCT message_id) AS ids FROM read_parquet('"
        + local.resolve("raw") + "/dt=*/*.parquet', hive_partitioning=true)"))
        .containsExactly(java.util.Map.of("n", 3000L, "ids", 3000L));
  }

  /**
   * A file that takes the visible name between a committer's check and its rename (a fenced
   * owner's) is never replaced by the rename: a fenced committer stops, the owner deletes it after
   * reading its origin and commits its own.
   */
  @Test
  void aFileThatTakesTheNameAfterTheCheckIsNeverRenamedOverOnHdfs() throws Exception {
    Location lake = fileSystems.resolve(cluster.getURI() + "/taken");
    ManualClock clock = new ManualClock(Instant.parse("2026-11-24T10:00:00Z"));
    TestRows generator = new TestRows(5);
    List<RawRow> ours = new ArrayList<>();
    List<RawRow> theirs = new ArrayList<>();
    for (int n = 0; n < 300; n++) {
      (n < 200 ? ours : theirs).add(generator.raw(n, Instant.parse("2026-11-23T10:00:00Z"), Duration.ofSeconds(3)));
    }
    LakeWriter<RawRow> other = LakeWriter.forDataset(RawRow.DATASET).lake(fileSystems.resolve(cluster.getURI()
        + "/other")).task(0).clock(clock).start(() -> true); // another owner: its parts get other names
    for (RawRow row : theirs) {
      other.write(row);
    }
    other.commit(other.preCommit(1, true), CommitGuard.ALWAYS);
    org.apache.hadoop.fs.Path foreign =
        new org.apache.hadoop.fs.Path(cluster.getURI() + "/other/raw/dt=2026-11-23/part-00000-000000.parquet");
    org.apache.hadoop.fs.Path target =
        new org.apache.hadoop.fs.Path(lake.path(), "raw/dt=2026-11-23/part-00000-000000.parquet");

    LakeWriter<RawRow> writer = LakeWriter.forDataset(RawRow.DATASET).lake(lake).task(0).clock(clock)
        .start(CommitGuard.ALWAYS);
    for (RawRow row : ours) {
      writer.write(row);
    }
    PendingCommit pending = writer.preCommit(1, true);
    int[] checks = {0};
    CommitGuard fencedRightAfterItsCheck = () -> {
      if (checks[0]++ == 0) {
        try {
          assertThat(lake.fs().rename(foreign, target)).isTrue(); // the name is taken after the check passed
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return true;
      }
      return false;
    };
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.commit(pending, fencedRightAfterItsCheck))
        .isInstanceOf(io.tidemark.lake.write.CommitFencedException.class);
    assertThat(LakeReader.readAll(RawRow.DATASET, lake)).containsExactlyElementsOf(theirs);

    assertThat(writer.commit(pending, CommitGuard.ALWAYS)).hasSize(1);
    assertThat(LakeReader.readAll(RawRow.DATASET, lake)).containsExactlyElementsOf(ours);
    assertThat(lake.fs().listFiles(new org.apache.hadoop.fs.Path(lake.path(), "raw/_staging"), true).hasNext())
        .isFalse();
  }

  @Test
  void checkpointFilesWorkOnHdfs() throws Exception {
    CheckpointFiles files = new CheckpointFiles(fileSystems.resolve(cluster.getURI() + "/checkpoints"));
    files.writeAtomically("chk-000002/_metadata", "two".getBytes(UTF_8));
    files.writeAtomically("chk-000001/_metadata", "one".getBytes(UTF_8));
    files.replaceAtomically("LATEST", "chk-000001".getBytes(UTF_8));
    files.replaceAtomically("LATEST", "chk-000002".getBytes(UTF_8));

    assertThat(files.listDirectories("")).containsExactly("chk-000001", "chk-000002");
    assertThat(new String(files.read("LATEST"), UTF_8)).isEqualTo("chk-000002");
    assertThat(files.listFiles("")).containsExactly("LATEST");
  }
}
