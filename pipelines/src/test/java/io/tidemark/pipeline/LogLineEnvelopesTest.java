package io.tidemark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.bench.logs.ClientLogGenerator;
import io.tidemark.bench.logs.LogOptions;
import io.tidemark.events.Envelope;
import io.tidemark.events.EventJson;
import io.tidemark.events.Normalized;
import io.tidemark.events.Normalizer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a replay reads from a log line ({@link EventJson#readLineToEnvelope}, the envelope built
 * from the scan) is what the gateway's path gives (the envelope's JSON written, then decoded), on
 * the log generator's events: equal envelopes, equal canonical text of every object (what the raw
 * archive stores), and the JSON encoded on demand byte for byte the gateway's.
 */
class LogLineEnvelopesTest {

  @Test
  void generatedEvents_readStraightIntoEnvelopes_equalWhatTheGatewaysJsonDecodesTo() {
    ClientLogGenerator lines = new ClientLogGenerator(LogOptions.of(300, 20_000, 11, Instant.parse("2026-03-01T00:00:00Z")));
    Normalizer normalizer = new Normalizer(32 * 1024);
    Instant received = Instant.parse("2026-03-02T00:00:00Z");
    Set<String> contextKeys = new HashSet<>();
    int n = 0;
    while (lines.hasNext()) {
      String line = lines.next();
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      Normalized.Accepted gateway = (Normalized.Accepted) EventJson.readLine(bytes, 0, bytes.length, normalizer,
          received, "logs");
      Normalized.Accepted direct = (Normalized.Accepted) EventJson.readLineToEnvelope(bytes, 0, bytes.length,
          normalizer, received, "logs");
      Envelope want = gateway.envelope();
      Envelope got = direct.envelope();
      assertThat(got).as(line).isEqualTo(want);
      assertThat(got.toString()).as(line).isEqualTo(want.toString());
      assertThat(got.contextJson().text()).as(line).isEqualTo(want.contextJson().text());
      assertThat(got.propertiesJson().text()).as(line).isEqualTo(want.propertiesJson().text());
      assertThat(got.traitsJson().text()).as(line).isEqualTo(want.traitsJson().text());
      assertThat(got.integrationsJson().text()).as(line).isEqualTo(want.integrationsJson().text());
      assertThat(RawRows.of(got)).as(line).isEqualTo(RawRows.of(want));
      assertThat(direct.json()).as(line).isEqualTo(gateway.json());
      contextKeys.addAll(got.context().properties().stream().map(java.util.Map.Entry::getKey).toList());
      n++;
    }
    assertThat(n).isGreaterThan(20_000);
    assertThat(contextKeys).as("web and app contexts").contains("page", "app", "os", "device");
  }
}
