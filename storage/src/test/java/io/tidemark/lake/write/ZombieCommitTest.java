package io.tidemark.lake.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.lake.LakeLayout;
import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.fs.ParquetFiles;
import io.tidemark.lake.read.LakeReader;
import io.tidemark.lake.testing.DuckDb;
import io.tidemark.lake.testing.LakeFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zombie (an owner fenced out of task 0 without noticing) and its successor on the same files.
 * The fence is checked before each step, not atomically with it, so the zombie's last check can
 * pass just before its successor claims the task and its next file operation land after: these
 * tests stall the zombie in exactly that gap (its guard answers, then waits, as a GC pause would)
 * and let it go on at the worst moment. Every outcome is read back with DuckDB.
 *
 * <p>The shared story: the zombie wrote rows 0..500 into staged part P, completed checkpoint 1
 * (carrying P), and checkpoint 2, whose time-bound merge makes P alone the visible
 * {@code part-00000-000000}. The successor cannot restore checkpoint 2 (it falls back to 1), so it
 * replays from offset 500 and plans the same name for P plus its own rows 500..700.
 */
class ZombieCommitTest {

  private static final String TARGET = "raw/dt=2026-11-23/part-00000-000000.parquet";

  @TempDir Path dir;
  @TempDir Path otherDir;
  LakeFixture lake;
  /** The largest claimed epoch, as the engine's TaskFence keeps it in checkpoint storage. */
  final AtomicLong maxEpoch = new AtomicLong();
  PendingCommit checkpoint1;
  PendingCommit checkpoint2;
  CommitGuard zombieFence;
  StallingGuard zombieGuard;

  @BeforeEach
  void zombieCompletedTwoCheckpoints() throws Exception {
    lake = new LakeFixture(dir);
    zombieFence = claim();
    LakeWriter<RawRow> zombie = writer(PendingCommit.initial("raw", 0), zombieFence);
    lake.write(zombie, 0, 500);
    checkpoint1 = zombie.preCommit(1);
    zombie.commit(checkpoint1, zombieFence);
    lake.clock.advance(Duration.ofSeconds(61));
    checkpoint2 = zombie.preCommit(2);
    assertThat(checkpoint2.merges()).singleElement().satisfies(m -> {
      assertThat(m.target()).isEqualTo("part-00000-000000.parquet");
      assertThat(m.parts()).isEqualTo(checkpoint1.carried().get(0).parts());
    });
    zombieGuard = new StallingGuard(zombieFence);
  }

  @Test
  void aZombieRenameAfterItsSuccessorCommittedTheSameNameIsRefusedAndTheSuccessorsRowsStay() throws Exception {
    CompletableFuture<Void> zombieCommit = commitInBackground(checkpoint2, zombieGuard);
    zombieGuard.awaitChecked();

    CommitGuard successorFence = claim();
    LakeWriter<RawRow> successor = writer(PendingCommit.fromJson(checkpoint1.toJson()), successorFence);
    lake.write(successor, 500, 700);
    PendingCommit own = successor.preCommit(2, true);
    Path target = dir.resolve(TARGET);
    AtomicInteger releases = new AtomicInteger();
    CommitGuard successorGuard = () -> {
      // Its file is in place, its staged parts not yet deleted: the zombie's rename comes now.
      if (Files.exists(target) && releases.getAndIncrement() == 0) {
        zombieGuard.resume();
        zombieCommit.exceptionally(e -> null).join();
      }
      return successorFence.mayCommit();
    };
    assertThat(successor.commit(own, successorGuard)).hasSize(1);

    assertThatThrownBy(zombieCommit::join).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(CommitFencedException.class);
    assertThat(releases).hasValue(1);
    assertExactlyTheSuccessorsRows();
    assertThat(footer(target)).containsEntry(FileOrigin.PARTS_KEY, names(own.merges().get(0)));
  }

  @Test
  void aZombieFileRenamedAfterTheSuccessorsRestoreIsReplacedByTheSuccessorsMerge() throws Exception {
    CompletableFuture<Void> zombieCommit = commitInBackground(checkpoint2, zombieGuard);
    zombieGuard.awaitChecked();
    CommitGuard successorFence = claim();
    LakeWriter<RawRow> successor = writer(PendingCommit.fromJson(checkpoint1.toJson()), successorFence);

    zombieGuard.resume(); // renames P to the visible name, then is refused the deletes
    assertThatThrownBy(zombieCommit::join).hasCauseInstanceOf(CommitFencedException.class);
    assertThat(DuckDb.count("SELECT count(*) FROM " + lake.rawTable())).isEqualTo(500);

    lake.write(successor, 500, 700);
    PendingCommit own = successor.preCommit(2, true);
    assertThat(own.merges()).singleElement().satisfies(m -> assertThat(m.target()).isEqualTo(
        checkpoint2.merges().get(0).target()));
    assertThat(successor.commit(own, successorFence)).hasSize(1);

    assertExactlyTheSuccessorsRows();
    assertThat(footer(dir.resolve(TARGET))).containsEntry(FileOrigin.PARTS_KEY, names(own.merges().get(0)));
  }

  @Test
  void aZombieWhoseMergeItsSuccessorsRecoveryDeletedIsToldItIsFenced() throws Exception {
    LakeWriter<RawRow> zombie = writer(PendingCommit.fromJson(checkpoint1.toJson()), zombieFence);
    lake.write(zombie, 500, 600);
    PendingCommit concatenated = zombie.preCommit(2, true);
    assertThat(concatenated.merges()).singleElement().satisfies(m -> assertThat(m.parts()).hasSize(2));
    CompletableFuture<Void> zombieCommit = commitInBackground(concatenated, zombieGuard);
    zombieGuard.awaitChecked(); // its merging file is written, the rename allowed

    CommitGuard successorFence = claim();
    LakeWriter<RawRow> successor = writer(PendingCommit.fromJson(checkpoint1.toJson()), successorFence);
    zombieGuard.resume();
    assertThatThrownBy(zombieCommit::join).hasCauseInstanceOf(CommitFencedException.class)
        .hasMessageContaining("rename").hasMessageContaining("failed");
    assertThat(lake.visibleFiles()).isEmpty();

    lake.write(successor, 500, 700);
    successor.commit(successor.preCommit(2, true), successorFence);
    assertExactlyTheSuccessorsRows();
  }

  @Test
  void aFileOfOtherPartsUnderOurNameIsDeletedAndOursCommitted() throws Exception {
    Path foreign = otherOwnersFile(1000, 1100);
    Files.createDirectories(dir.resolve(TARGET).getParent());
    Files.copy(foreign, dir.resolve(TARGET));

    List<Location> renamed = committer().commit(checkpoint2, claim());

    assertThat(renamed).hasSize(1);
    assertThat(LakeReader.readAll(RawRow.DATASET, lake.lake)).containsExactlyElementsOf(lake.rows(0, 500));
    assertThat(footer(dir.resolve(TARGET))).containsEntry(FileOrigin.PART_KEY, names(checkpoint2.merges().get(0)));
    assertThat(lake.hiddenFiles()).isEmpty();
  }

  @Test
  void aFileOfOtherPartsIsKeptWhenOurPartsAreGoneToo() throws Exception {
    Path foreign = otherOwnersFile(1000, 1100);
    Files.createDirectories(dir.resolve(TARGET).getParent());
    Files.copy(foreign, dir.resolve(TARGET));
    lake.hiddenFiles().forEach(ZombieCommitTest::delete);

    assertThatThrownBy(() -> committer().commit(checkpoint2, claim()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is missing")
        .hasMessageContaining("fenced owner's file, which is left in place");
    assertThat(Files.readAllBytes(dir.resolve(TARGET))).isEqualTo(Files.readAllBytes(foreign));
  }

  @Test
  void recommittingOurOwnFilesIsANoOpForSingleAndConcatenatedMerges() throws Exception {
    PendingCommit both = twoMerges();
    AtomicInteger checks = new AtomicInteger();
    // Crash after the first merge's rename, before its deletes: the file is ours and its parts remain.
    assertThatThrownBy(() -> committer().commit(both, () -> checks.incrementAndGet() < 2))
        .isInstanceOf(CommitFencedException.class);
    Path concatenated = dir.resolve(TARGET);
    byte[] before = Files.readAllBytes(concatenated);

    assertThat(committer().commit(both, CommitGuard.ALWAYS)).extracting(Location::name)
        .containsExactly("part-00000-000001.parquet");
    assertThat(committer().commit(both, CommitGuard.ALWAYS)).isEmpty();

    assertThat(Files.readAllBytes(concatenated)).isEqualTo(before);
    assertThat(footer(concatenated)).containsEntry(FileOrigin.PARTS_KEY, names(both.merges().get(0)))
        .doesNotContainKey(FileOrigin.PART_KEY).containsEntry("tidemark.dataset", "raw");
    assertThat(footer(dir.resolve("raw/dt=2026-11-24/part-00000-000001.parquet")))
        .containsEntry(FileOrigin.PART_KEY, names(both.merges().get(1)));
    assertThat(LakeReader.readAll(RawRow.DATASET, lake.lake)).containsExactlyInAnyOrderElementsOf(lake.rows(0, 2000));
    assertThat(DuckDb.count("SELECT count(DISTINCT message_id) FROM " + lake.rawTable())).isEqualTo(2000);
    assertThat(lake.hiddenFiles()).isEmpty();
  }

  @Test
  void aFileWithoutOriginWrittenBeforeOriginsWereRecordedCountsAsOurs() throws Exception {
    PendingCommit both = twoMerges();
    AtomicInteger checks = new AtomicInteger();
    assertThatThrownBy(() -> committer().commit(both, () -> checks.incrementAndGet() < 2))
        .isInstanceOf(CommitFencedException.class);
    Path legacy = dir.resolve(TARGET);
    stripOrigin(legacy);
    byte[] before = Files.readAllBytes(legacy);

    assertThat(committer().commit(both, CommitGuard.ALWAYS)).extracting(Location::name)
        .containsExactly("part-00000-000001.parquet");

    assertThat(Files.readAllBytes(legacy)).isEqualTo(before);
    assertThat(footer(legacy)).doesNotContainKeys(FileOrigin.PART_KEY, FileOrigin.PARTS_KEY);
    assertThat(LakeReader.readAll(RawRow.DATASET, lake.lake)).containsExactlyInAnyOrderElementsOf(lake.rows(0, 2000));
    assertThat(lake.hiddenFiles()).isEmpty();
  }

  /** Task 0 started afresh (its recovery drops the shared story's part): dt 2026-11-23 from two staged parts, 2026-11-24 from one. */
  private PendingCommit twoMerges() throws Exception {
    LakeWriter<RawRow> writer = writer(PendingCommit.initial("raw", 0), claim());
    lake.write(writer, 0, 1000);
    writer.preCommit(1);
    lake.write(writer, 1000, 2000);
    PendingCommit both = writer.preCommit(2, true);
    assertThat(both.merges()).extracting(m -> m.parts().size()).containsExactly(2, 1);
    return both;
  }

  /** A committed file of another owner's rows {@code from..to}, from staged parts of its own, in another lake. */
  private Path otherOwnersFile(long from, long to) throws Exception {
    LakeFixture other = new LakeFixture(otherDir);
    LakeWriter<RawRow> owner = other.rawWriter(0, PendingCommit.initial("raw", 0));
    for (long n = from; n < to; n++) {
      owner.write(lake.row(n));
    }
    owner.commit(owner.preCommit(1, true), CommitGuard.ALWAYS);
    return other.visibleFiles().get(0);
  }

  private CommitGuard claim() {
    long epoch = maxEpoch.incrementAndGet();
    return () -> maxEpoch.get() == epoch;
  }

  private LakeWriter<RawRow> writer(PendingCommit restored, CommitGuard guard) throws Exception {
    return LakeWriter.forDataset(RawRow.DATASET).lake(lake.lake).task(0).config(lake.config).clock(lake.clock)
        .recover(restored, guard);
  }

  private LakeCommitter committer() {
    return new LakeCommitter(new LakeLayout(lake.lake, "raw"));
  }

  private CompletableFuture<Void> commitInBackground(PendingCommit pending, CommitGuard guard) {
    return CompletableFuture.runAsync(() -> {
      try {
        committer().commit(pending, guard);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  private void assertExactlyTheSuccessorsRows() throws Exception {
    assertThat(LakeReader.readAll(RawRow.DATASET, lake.lake)).containsExactlyElementsOf(lake.rows(0, 700));
    assertThat(DuckDb.query("SELECT count(*) AS n, count(DISTINCT message_id) AS ids, max(kafka_offset) AS hi FROM "
        + lake.rawTable())).containsExactly(Map.of("n", 700L, "ids", 700L, "hi", 699L));
    assertThat(lake.visibleFiles()).extracting(p -> dir.relativize(p).toString()).containsExactly(TARGET);
    assertThat(lake.hiddenFiles()).isEmpty();
  }

  /** The footer's key-value metadata as DuckDB reads it. */
  private static Map<String, String> footer(Path file) {
    Map<String, String> footer = new HashMap<>();
    DuckDb.query("SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('" + file + "')")
        .forEach(row -> footer.put((String) row.get("k"), (String) row.get("v")));
    return footer;
  }

  private static String names(PendingCommit.Merge merge) {
    return String.join(",", merge.parts().stream().map(PendingCommit.StagedPart::file).toList());
  }

  /** Rewrites {@code file} as a lake written before origins were recorded would hold it. */
  private void stripOrigin(Path file) throws Exception {
    Location source = lake.lake.child(dir.relativize(file).toString());
    Path copy = dir.resolve("legacy.tmp");
    try (ParquetFileReader reader = ParquetFileReader.open(ParquetFiles.input(source))) {
      Map<String, String> kv = new HashMap<>(reader.getFileMetaData().getKeyValueMetaData());
      kv.remove(FileOrigin.PART_KEY);
      kv.remove(FileOrigin.PARTS_KEY);
      ParquetFileWriter writer = new ParquetFileWriter(ParquetFiles.output(lake.lake.child("legacy.tmp")),
          reader.getFileMetaData().getSchema(), ParquetFileWriter.Mode.CREATE, 128L << 20, 0);
      writer.start();
      reader.appendTo(writer);
      writer.end(kv);
    }
    Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The zombie's guard: decides as of the moment it is asked, then, the first time, stalls before
   * the step it guards until the test resumes it.
   */
  static final class StallingGuard implements CommitGuard {
    private final CommitGuard fence;
    private final CountDownLatch checked = new CountDownLatch(1);
    private final CountDownLatch resumed = new CountDownLatch(1);

    StallingGuard(CommitGuard fence) {
      this.fence = fence;
    }

    @Override
    public boolean mayCommit() {
      boolean owner = fence.mayCommit();
      if (checked.getCount() > 0) {
        checked.countDown();
        await(resumed);
      }
      return owner;
    }

    void awaitChecked() {
      await(checked);
    }

    void resume() {
      resumed.countDown();
    }

    private static void await(CountDownLatch latch) {
      try {
        // A deadlock guard, not a timing assertion: every step here takes milliseconds.
        if (!latch.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the interleaving never reached its next step");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
