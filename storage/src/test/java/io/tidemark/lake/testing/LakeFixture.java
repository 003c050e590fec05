package io.tidemark.lake.testing;

import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.write.CommitGuard;
import io.tidemark.lake.write.LakeWriter;
import io.tidemark.lake.write.LakeWriterConfig;
import io.tidemark.lake.write.PendingCommit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A lake in a temporary directory, a manual clock, and raw rows to write into it. */
public final class LakeFixture {

  public static final Instant EVENTS_START = Instant.parse("2026-11-23T23:00:00Z");
  public static final Duration EVENT_STEP = Duration.ofSeconds(3);

  public final Path dir;
  public final Location lake;
  public final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T10:00:00Z"));
  private final TestRows rows = new TestRows(42);
  private final List<RawRow> generated = new ArrayList<>();
  public LakeWriterConfig config = LakeWriterConfig.DEFAULTS;

  public LakeFixture(Path dir) {
    this.dir = dir;
    this.lake = FileSystems.shared().resolve(dir.toString());
  }

  public LakeWriter<RawRow> rawWriter(int task, PendingCommit restored) throws IOException {
    return LakeWriter.forDataset(RawRow.DATASET).lake(lake).task(task).config(config).clock(clock)
        .recover(restored, CommitGuard.ALWAYS);
  }

  /** Row {@code n} of the test stream: the same value every time it is asked for (a replay). */
  public RawRow row(long n) {
    while (generated.size() <= n) {
      generated.add(rows.raw(generated.size(), EVENTS_START, EVENT_STEP));
    }
    return generated.get((int) n);
  }

  public void write(LakeWriter<RawRow> writer, long fromInclusive, long toExclusive) throws IOException {
    for (long n = fromInclusive; n < toExclusive; n++) {
      writer.write(row(n));
    }
  }

  public List<RawRow> rows(long fromInclusive, long toExclusive) {
    List<RawRow> list = new ArrayList<>();
    for (long n = fromInclusive; n < toExclusive; n++) {
      list.add(row(n));
    }
    return list;
  }

  /** Files a Hive-style reader would see: *.parquet with no path element starting with _ or '.'. */
  public List<Path> visibleFiles() {
    return files().stream()
        .filter(p -> p.getFileName().toString().endsWith(".parquet"))
        .filter(p -> {
          for (Path element : dir.relativize(p)) {
            String name = element.toString();
            if (name.startsWith("_") || name.startsWith(".")) {
              return false;
            }
          }
          return true;
        })
        .sorted()
        .toList();
  }

  /** Every file under the staging directories. */
  public List<Path> hiddenFiles() {
    return files().stream().filter(p -> p.toString().contains("/_staging/")).sorted().toList();
  }

  public List<Path> files() {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String rawTable() {
    return DuckDb.table(dir, "raw");
  }
}
