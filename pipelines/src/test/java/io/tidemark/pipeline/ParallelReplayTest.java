package io.tidemark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.bench.logs.ClientLogGenerator;
import io.tidemark.bench.logs.GenerateClientLogs;
import io.tidemark.bench.logs.LogOptions;
import io.tidemark.lake.datasets.SessionRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay split over concurrent tasks: the same rows as one task, repeatable files, all or nothing. */
class ParallelReplayTest {

  private static final String SOURCE = "default";

  @TempDir
  Path dir;

  @Test
  void taskOf_isKafkasPartitionerForTheKey() {
    for (int i = 0; i < 1_000; i++) {
      String key = "device-" + i;
      for (int n : new int[] {1, 2, 3, 4, 12}) {
        assertThat(Replay.taskOf(key, n))
            .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), n));
      }
    }
  }

  @Test
  void run_splitOverTasks_givesTheRowsOfOneTask_andTheSameFilesWhenRunAgain() throws Exception {
    Path logs = dir.resolve("logs.ndjson");
    GenerateClientLogs.write(new ClientLogGenerator(
        LogOptions.of(400, 15_000, 7, Instant.parse("2026-03-01T00:00:00Z"))), logs);
    String lake = dir.resolve("lake").toString();
    long lines = Files.readAllLines(logs).size();

    Replay.Result one = replay(logs, lake, "one", 1);
    Replay.Result three = replay(logs, lake, "three", 3);
    String oneOut = Replay.outputOf(lake, "one");
    String threeOut = Replay.outputOf(lake, "three");

    assertThat(one.events()).isEqualTo(lines);
    assertThat(three.events()).isEqualTo(lines);
    List<SessionRow> sessions = LakeTables.finalSessions(threeOut);
    assertThat(sessions).hasSizeGreaterThan(300).containsExactlyElementsOf(LakeTables.finalSessions(oneOut));
    assertThat(LakeTables.sameRows(LakeTables.files(oneOut, "raw"), LakeTables.files(threeOut, "raw"))).isTrue();
    assertThat(partFiles(threeOut, "sessions").keySet()).anyMatch(f -> f.contains("part-00002-"));

    Map<String, String> first = partFiles(threeOut, "raw");
    first.putAll(partFiles(threeOut, "sessions"));
    replay(logs, lake, "three", 3);
    Map<String, String> again = partFiles(threeOut, "raw");
    again.putAll(partFiles(threeOut, "sessions"));
    assertThat(again).isEqualTo(first);
  }

  @Test
  void run_thatFailsOnALine_publishesNothing() throws Exception {
    Path logs = dir.resolve("logs.ndjson");
    GenerateClientLogs.write(new ClientLogGenerator(
        LogOptions.of(100, 5_000, 3, Instant.parse("2026-03-01T00:00:00Z"))), logs);
    long lines = Files.readAllLines(logs).size();
    Files.writeString(logs, "{broken\n", java.nio.file.StandardOpenOption.APPEND);
    String lake = dir.resolve("lake").toString();

    assertThatThrownBy(() -> replay(logs, lake, "bad", 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line " + (lines + 1));
    String out = Replay.outputOf(lake, "bad");
    assertThat(LakeTables.hasFiles(out, "raw")).isFalse();
    assertThat(LakeTables.hasFiles(out, "sessions")).isFalse();
  }

  private Replay.Result replay(Path logs, String lake, String runId, int tasks) throws IOException {
    try (LogFilesInput in = new LogFilesInput(List.of(logs), Instant.EPOCH, SOURCE)) {
      return Replay.run(in, new Replay.Options(lake, runId, dir.resolve("work"), null, null).withParallelism(tasks), p -> { });
    }
  }

  /** Committed part files of a table by path under the table, with the SHA-256 of their bytes. */
  private static Map<String, String> partFiles(String lake, String table) throws Exception {
    Path root = Path.of(lake, table);
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
        out.put(root.relativize(p).toString(), HexFormat.of().formatHex(digest));
      }
    }
    return out;
  }
}
