package io.tidemark.lake.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.lake.read.LakeReader;
import io.tidemark.lake.schema.Dataset;
import io.tidemark.lake.testing.DuckDb;
import io.tidemark.lake.testing.LakeFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new version of a job, restored from a checkpoint of the old one, adds a column to a dataset. */
class SchemaEvolutionTest {

  record Item(String id, Instant at, String note) {}

  static final Dataset<Item> V1 = Dataset.<Item>builder("items")
      .requiredString("id", Item::id)
      .requiredTimestamp("at", Item::at)
      .partitionedByDateOf(Item::at)
      .rows(v -> new Item(v.string("id"), v.instant("at"), null))
      .build();

  static final Dataset<Item> V2 = Dataset.<Item>builder("items")
      .requiredString("id", Item::id)
      .requiredTimestamp("at", Item::at)
      .string("note", Item::note)
      .partitionedByDateOf(Item::at)
      .rows(v -> new Item(v.string("id"), v.instant("at"), v.string("note")))
      .build();

  @TempDir Path dir;

  @Test
  void partsCarriedFromTheOldSchemaBecomeTheirOwnFileAndEveryRowKeepsItsColumns() throws Exception {
    LakeFixture lake = new LakeFixture(dir);
    Instant day = Instant.parse("2026-11-24T08:00:00Z");
    List<Item> old = new ArrayList<>();
    List<Item> fresh = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      old.add(new Item("old-" + i, day.plusSeconds(i), null));
      fresh.add(new Item("new-" + i, day.plusSeconds(1000 + i), "note ✓ " + i));
    }

    LakeWriter<Item> v1 = LakeWriter.forDataset(V1).lake(lake.lake).task(0).clock(lake.clock)
        .start(CommitGuard.ALWAYS);
    for (Item item : old) {
      v1.write(item);
    }
    PendingCommit checkpoint = v1.preCommit(1);
    v1.commit(checkpoint, CommitGuard.ALWAYS);
    assertThat(checkpoint.carried()).hasSize(1);

    LakeWriter<Item> v2 = LakeWriter.forDataset(V2).lake(lake.lake).task(0).clock(lake.clock)
        .recover(checkpoint, CommitGuard.ALWAYS);
    for (Item item : fresh) {
      v2.write(item);
    }
    PendingCommit next = v2.preCommit(2, true);
    assertThat(next.merges()).hasSize(2);
    v2.commit(next, CommitGuard.ALWAYS);

    assertThat(lake.visibleFiles()).hasSize(2);
    String table = "read_parquet('" + dir.resolve("items") + "/**/*.parquet', hive_partitioning=true, "
        + "union_by_name=true)";
    assertThat(DuckDb.query("SELECT count(*) AS n, count(note) AS notes, "
        + "count(*) FILTER (WHERE id LIKE 'new-%' AND note LIKE 'note ✓ %') AS fresh FROM " + table))
        .containsExactly(Map.of("n", 200L, "notes", 100L, "fresh", 100L));
    List<Item> all = new ArrayList<>(old);
    all.addAll(fresh);
    assertThat(LakeReader.readAll(V2, lake.lake)).containsExactlyElementsOf(all);
  }
}
