package io.tidemark.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionTallyTest {

  static final long HOUR = 3_600_000;

  @Test
  void aLateUpdateReplacesTheSessionItExtends() {
    SessionTally t = new SessionTally(24 * HOUR);
    t.emitted("a", 0, 100);
    t.emitted("a", 0, 150);
    assertThat(t.sessions()).isEqualTo(1);
    assertThat(t.emissions()).isEqualTo(2);
  }

  @Test
  void aMergedSessionReplacesEverySessionItCovers() {
    SessionTally t = new SessionTally(24 * HOUR);
    t.emitted("a", 0, 100);
    t.emitted("a", 200, 300);
    t.emitted("a", 400, 500);
    t.emitted("b", 50, 250);
    assertThat(t.sessions()).isEqualTo(4);
    t.emitted("a", 0, 300); // a late event bridged the first two
    assertThat(t.sessions()).isEqualTo(3);
  }

  @Test
  void finalizedSessionsStayCountedAndAreNotReplacedAnyMore() {
    SessionTally t = new SessionTally(HOUR);
    t.emitted("a", 0, 100);
    t.watermark(100 - 1 + HOUR); // the session can no longer change
    t.emitted("a", 50, 200); // a new session over the dropped one's range, as both engines would open it
    assertThat(t.sessions()).isEqualTo(2);
  }
}
