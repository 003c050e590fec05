package io.tidemark.lake.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.lake.write.PendingCommit.Merge;
import io.tidemark.lake.write.PendingCommit.StagedGroup;
import io.tidemark.lake.write.PendingCommit.StagedPart;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingCommitTest {

  final StagedPart a = new StagedPart("2026-11-23", "a.staged", 100, 10);
  final StagedPart b = new StagedPart("2026-11-23", "b.staged", 200, 20);
  final StagedPart c = new StagedPart("2026-11-24", "c.staged", 300, 31);

  @Test
  void roundTripsThroughJson() {
    PendingCommit pending = new PendingCommit("raw", 3, 17, 5,
        List.of(new Merge("2026-11-23", "part-00003-000004.parquet", List.of(a, b))),
        List.of(new StagedGroup("2026-11-24", 1_795_514_400_000L, List.of(c))));

    String json = pending.toJson();

    assertThat(PendingCommit.fromJson(json)).isEqualTo(pending);
    assertThat(json).doesNotContain("referencedParts").doesNotContain("\"rows\":30");
    assertThat(pending.referencedParts()).containsExactly(a, b, c);
    assertThat(pending.merges().get(0).rows()).isEqualTo(30);
  }

  @Test
  void rejectsValuesThatCannotBeRight() {
    assertThatThrownBy(() -> new Merge("2026-11-23", "x.parquet", List.of()))
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> new Merge("2026-11-23", "x.parquet", List.of(c)))
        .hasMessageContaining("dt 2026-11-24");
    assertThatThrownBy(() -> new StagedPart("2026-11-23", "../x", 1, 1)).hasMessageContaining("plain file name");
    assertThatThrownBy(() -> new StagedPart("yesterday", "x", 1, 1)).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> new PendingCommit("raw", -1, 0, 0, List.of(), List.of()))
        .hasMessageContaining("task");
    assertThatThrownBy(() -> PendingCommit.fromJson("{\"nope\":")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void configReportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> new LakeWriterConfig(0, java.time.Duration.ZERO, 10, 10,
        org.apache.parquet.hadoop.metadata.CompressionCodecName.LZO, 99))
        .hasMessageContaining("targetFileBytes").hasMessageContaining("rollInterval")
        .hasMessageContaining("rowGroupBytes").hasMessageContaining("pageBytes")
        .hasMessageContaining("compression").hasMessageContaining("zstdLevel");
  }
}
