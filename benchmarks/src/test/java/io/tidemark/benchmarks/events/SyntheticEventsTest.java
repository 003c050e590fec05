package io.tidemark.benchmarks.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator behind the gateway benchmark: deterministic, and one device's events are that device's. */
class SyntheticEventsTest {
  private static final Instant START = Instant.parse("2026-11-25T00:00:00Z");

  @Test
  void theSameSeed_givesTheSameEvents() {
    SyntheticEvents a = new SyntheticEvents(7, 100, START);
    SyntheticEvents b = new SyntheticEvents(7, 100, START);
    for (int i = 0; i < 200; i++) {
      assertThat(a.next()).isEqualTo(b.next());
    }
  }

  @Test
  void eventsOfOneDevice_shareItsIdAndContext_andAdvanceInTime() {
    SyntheticEvents events = new SyntheticEvents(7, 100, START);
    int device = events.device();
    List<ObjectNode> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(events.next(device));
    }
    assertThat(batch).extracting(e -> e.get("anonymousId").asText()).containsOnly(batch.get(0).get("anonymousId").asText());
    assertThat(batch).extracting(e -> e.get("context")).containsOnly(batch.get(0).get("context"));
    assertThat(batch).extracting(e -> e.get("messageId").asText()).doesNotHaveDuplicates();
    for (int i = 1; i < batch.size(); i++) {
      assertThat(Instant.parse(batch.get(i).get("timestamp").asText()))
          .isAfter(Instant.parse(batch.get(i - 1).get("timestamp").asText()));
    }
  }

  @Test
  void aDeviceOutsideThePool_isRefused() {
    SyntheticEvents events = new SyntheticEvents(7, 100, START);
    assertThatThrownBy(() -> events.next(100)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("device must be in [0, 100), got 100");
    assertThatThrownBy(() -> events.next(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
