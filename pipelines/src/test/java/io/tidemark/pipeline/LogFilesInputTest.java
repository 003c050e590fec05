package io.tidemark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.bench.logs.ClientLogGenerator;
import io.tidemark.bench.logs.GenerateClientLogs;
import io.tidemark.bench.logs.LogOptions;
import io.tidemark.events.Envelope;
import io.tidemark.events.EventJson;
import io.tidemark.events.Normalized;
import io.tidemark.events.Normalizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesInputTest {

  private static final Instant RECEIVED = Instant.parse("2026-03-02T00:00:00Z");

  @TempDir
  Path dir;

  @Test
  void next_givesEveryFilesEnvelopesInFileThenLineOrder_acrossBlocksAndParserThreads() throws IOException {
    // ~6 MB plain and gzipped: several 1 MiB blocks each, parsed on 3 threads
    Path a = dir.resolve("a.ndjson");
    Path b = dir.resolve("b.ndjson.gz");
    GenerateClientLogs.write(new ClientLogGenerator(LogOptions.of(200, 8_000, 1, Instant.parse("2026-03-01T00:00:00Z"))), a);
    GenerateClientLogs.write(new ClientLogGenerator(LogOptions.of(200, 8_000, 2, Instant.parse("2026-03-01T00:00:00Z"))), b);
    List<String> expected = new ArrayList<>(sequential(a));
    expected.addAll(sequential(dir.resolve("b-plain.ndjson"), b));

    List<String> got = new ArrayList<>();
    try (LogFilesInput in = new LogFilesInput(List.of(a, b), RECEIVED, "shop", 3)) {
      in.forEachRemaining(e -> got.add(e.messageId() + " " + e.timestamp()));
      assertThat(in.bytesRead()).isEqualTo(in.totalBytes());
      assertThat(in.rejected()).isZero();
    }
    assertThat(got).hasSizeGreaterThan(16_000).containsExactlyElementsOf(expected);
  }

  @Test
  void next_skipsBlankLinesAndCrlfAndCountsLinesTheNormalizerRejects() throws IOException {
    Path f = dir.resolve("x.ndjson");
    Files.writeString(f, """
        {"type":"track","event":"A","anonymousId":"d1","messageId":"m1","timestamp":"2026-03-01T00:00:00Z"}\r
        \r
           \t
        {"type":"track","event":"B","messageId":"no-ids","timestamp":"2026-03-01T00:00:01Z"}
        {"type":"page","anonymousId":"d1","messageId":"m2","timestamp":"2026-03-01T00:00:02Z"}""");
    try (LogFilesInput in = new LogFilesInput(List.of(f), RECEIVED, "shop", 2)) {
      List<String> ids = new ArrayList<>();
      in.forEachRemaining(e -> ids.add(e.messageId()));
      assertThat(ids).containsExactly("m1", "m2");
      assertThat(in.rejected()).isEqualTo(1);
    }
  }

  @Test
  void next_failsAtALineThatIsNotJson_namingFileAndLine_afterTheLinesBeforeIt() throws IOException {
    Path f = dir.resolve("bad.ndjson");
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 5_000; i++) {
      text.append("{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"d\",\"messageId\":\"m").append(i)
          .append("\",\"timestamp\":\"2026-03-01T00:00:00Z\",\"properties\":{\"pad\":\"")
          .append("x".repeat(300)).append("\"}}\n");
    }
    text.append("{not json\n");
    Files.writeString(f, text);
    try (LogFilesInput in = new LogFilesInput(List.of(f), RECEIVED, "shop", 2)) {
      int n = 0;
      while (n < 5_000) {
        in.next();
        n++;
      }
      assertThatThrownBy(in::hasNext).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(f + " line 5001: ");
    }
  }

  @Test
  void next_readsALineLongerThanABlock() throws IOException {
    Path f = dir.resolve("long.ndjson");
    String pad = "y".repeat(3 << 20);
    Files.writeString(f, "{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"d\",\"messageId\":\"long\","
        + "\"timestamp\":\"2026-03-01T00:00:00Z\",\"properties\":{\"pad\":\"" + pad + "\"}}\n"
        + "{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"d\",\"messageId\":\"short\","
        + "\"timestamp\":\"2026-03-01T00:00:00Z\"}\n");
    try (LogFilesInput in = new LogFilesInput(List.of(f), RECEIVED, "shop", 2)) {
      List<String> ids = new ArrayList<>();
      in.forEachRemaining(e -> ids.add(e.messageId()));
      // over the 32 KiB event limit: rejected by the normalizer like the gateway would, not cut
      assertThat(ids).containsExactly("short");
      assertThat(in.rejected()).isEqualTo(1);
    }
  }

  /** The reference: one line at a time on this thread, with the same normalizer rules. */
  private static List<String> sequential(Path plain) throws IOException {
    List<String> out = new ArrayList<>();
    Normalizer normalizer = new Normalizer(32 * 1024);
    for (String line : Files.readAllLines(plain, StandardCharsets.UTF_8)) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      if (EventJson.readLine(bytes, 0, bytes.length, normalizer, RECEIVED, "shop") instanceof Normalized.Accepted a) {
        Envelope e = a.envelope();
        out.add(e.messageId() + " " + e.timestamp());
      }
    }
    return out;
  }

  private static List<String> sequential(Path plainCopy, Path gz) throws IOException {
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
      Files.write(plainCopy, in.readAllBytes());
    }
    return sequential(plainCopy);
  }
}
