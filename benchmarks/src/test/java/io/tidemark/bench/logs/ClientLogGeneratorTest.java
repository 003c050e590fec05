package io.tidemark.bench.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.events.Envelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientLogGeneratorTest {

  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static List<String> lines(LogOptions o) {
    List<String> out = new ArrayList<>();
    new ClientLogGenerator(o).forEachRemaining(out::add);
    return out;
  }

  @Test
  void sameSeedGivesTheSameLines_anotherSeedOthers() {
    assertThat(lines(LogOptions.of(50, 2_000, 7, START))).isEqualTo(lines(LogOptions.of(50, 2_000, 7, START)));
    assertThat(lines(LogOptions.of(50, 2_000, 8, START))).isNotEqualTo(lines(LogOptions.of(50, 2_000, 7, START)));
  }

  @Test
  void linesArriveInReceivedAtOrderAndCarrySegmentFields() throws Exception {
    Instant previous = Instant.MIN;
    for (String line : lines(LogOptions.of(100, 5_000, 1, START))) {
      JsonNode n = JSON.readTree(line);
      Instant received = Instant.parse(n.get("receivedAt").asText());
      assertThat(received).isAfterOrEqualTo(previous);
      previous = received;
      assertThat(n.get("type").asText()).isIn("page", "screen", "track", "identify");
      assertThat(n.has("messageId") && n.has("anonymousId") && n.has("sentAt") && n.has("originalTimestamp"))
          .isTrue();
      assertThat(n.path("context").path("library").has("name")).isTrue();
    }
  }

  @Test
  void mixHasSkewedDevicesLateUploadsRetriesAndDisorder() throws Exception {
    ClientLogGenerator g = new ClientLogGenerator(LogOptions.of(500, 40_000, 3, START));
    Path file = dir.resolve("logs.ndjson.gz");
    long lines = GenerateClientLogs.write(g, file);
    List<Envelope> events = LogFiles.read(file, "shop");

    assertThat(events).hasSize((int) lines);
    assertThat(g.generated()).isEqualTo(40_000);
    Set<String> ids = new HashSet<>();
    long duplicates = events.stream().filter(e -> !ids.add(e.messageId())).count();
    assertThat(duplicates).isEqualTo(g.duplicateLines()).isBetween(80L, 400L);

    long hoursLate = events.stream()
        .filter(e -> Duration.between(e.timestamp(), e.receivedAt()).compareTo(Duration.ofMinutes(59)) > 0).count();
    assertThat(hoursLate).isBetween(400L, 1_600L);

    Map<String, Integer> perDevice = new HashMap<>();
    events.forEach(e -> perDevice.merge(e.anonymousId(), 1, Integer::sum));
    int[] counts = perDevice.values().stream().mapToInt(Integer::intValue).sorted().toArray();
    long top10 = Arrays.stream(counts, counts.length - counts.length / 10, counts.length).sum();
    assertThat(top10).as("the busiest tenth of devices").isGreaterThan(lines * 4 / 10);

    long behindByMinutes = 0;
    long maxSeen = Long.MIN_VALUE;
    for (Envelope e : events) {
      long t = e.timestamp().toEpochMilli();
      if (maxSeen - t > 60_000 && maxSeen - t < 3_600_000) {
        behindByMinutes++;
      }
      maxSeen = Math.max(maxSeen, t);
    }
    assertThat(behindByMinutes).as("events a minute to an hour behind the newest").isGreaterThan(200);
    assertThat(Files.size(file)).isPositive();
  }
}
