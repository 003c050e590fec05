package io.tidemark.session;

import static io.tidemark.session.TestEvents.MIN;
import static io.tidemark.session.TestEvents.T0;
import static io.tidemark.session.TestEvents.identify;
import static io.tidemark.session.TestEvents.page;
import static io.tidemark.session.TestEvents.screen;
import static io.tidemark.session.TestEvents.track;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.lake.datasets.LateRow;
import io.tidemark.lake.datasets.SessionRow;
import io.tidemark.session.internals.SessionFunction;
import io.tidemark.session.internals.SessionIds;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionizerTest {

    @TempDir
    Path dir;

    private SessionHarness harness(SessionizerConfig config) {
        return new SessionHarness(dir, config);
    }

    @Test
    void gapOfExactlyThirtyMinutesStaysInTheSession_oneMillisecondMoreStartsANewOne() {
        try (SessionHarness h = harness(SessionizerConfig.defaults())) {
            h.push(page("a", "m1", T0, "/"), page("a", "m2", T0 + 30 * MIN, "/x"),
                    page("a", "m3", T0 + 60 * MIN + 1, "/y"));
            h.endOfInput();

            List<SessionRow> sessions = h.finalSessions();
            assertThat(sessions).extracting(SessionRow::eventCount).containsExactly(2L, 1L);
            assertThat(sessions.get(0).sessionEnd()).isEqualTo(Instant.ofEpochMilli(T0 + 30 * MIN));
            assertThat(sessions.get(1).sessionStart()).isEqualTo(Instant.ofEpochMilli(T0 + 60 * MIN + 1));
        }
    }

    @Test
    void sessionIsWrittenOnlyWhenTheWatermarkPassesEndPlusGap() {
        try (SessionHarness h = harness(SessionizerConfig.defaults())) {
            h.push(page("a", "m1", T0, "/"), page("a", "m2", T0 + 5 * MIN, "/x"));
            h.driver.advanceWatermarkTo(T0 + 35 * MIN - 1);
            assertThat(h.rows()).isEmpty();

            h.driver.advanceWatermarkTo(T0 + 35 * MIN);
            assertThat(h.rows()).singleElement().satisfies(r -> {
                assertThat(r.version()).isEqualTo(1);
                assertThat(r.deleted()).isFalse();
                assertThat(r.sessionId()).isEqualTo(SessionIds.of("web", "a", T0, "m1"));
                assertThat(r.durationMs()).isEqualTo(5 * MIN);
            });
        }
    }

    @Test
    void duplicatesAreDroppedAndCounted() {
        try (SessionHarness h = harness(SessionizerConfig.defaults())) {
            h.push(page("a", "m1", T0, "/"), page("a", "m1", T0, "/"), track("a", "m2", T0 + MIN, "Click"),
                    track("a", "m2", T0 + 2 * MIN, "Click"));
            h.endOfInput();

            assertThat(h.finalSessions()).singleElement().satisfies(r -> {
                assertThat(r.eventCount()).isEqualTo(2);
                assertThat(r.sessionEnd()).isEqualTo(Instant.ofEpochMilli(T0 + MIN));
            });
            assertThat(h.driver.metrics().get("tidemark.dedup.duplicates").counter().count()).isEqualTo(2.0);
        }
    }

    @Test
    void aRepeatedMessageIdAfterTheDedupTtlIsANewEvent() {
        try (SessionHarness h = harness(SessionizerConfig.defaults().withDedupTtl(Duration.ofHours(1)))) {
            h.push(page("a", "m1", T0, "/"), page("a", "m1", T0 + 59 * MIN, "/"));
            h.driver.advanceWatermarkTo(T0 + 2 * 60 * MIN);
            h.push(page("a", "m1", T0 + 3 * 60 * MIN, "/"));
            h.endOfInput();

            assertThat(h.finalSessions()).extracting(SessionRow::eventCount).containsExactly(1L, 1L);
            assertThat(h.finalSessions()).extracting(SessionRow::sessionId).doesNotHaveDuplicates();
            assertThat(h.driver.metrics().get("tidemark.dedup.duplicates").counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void lateEventWithinLatenessWritesANewVersionOfTheSameSession() {
        try (SessionHarness h = harness(SessionizerConfig.defaults())) {
            h.push(page("a", "m1", T0, "/"), page("a", "m2", T0 + MIN, "/x"));
            h.driver.advanceWatermarkTo(T0 + 2 * 60 * MIN);
            h.push(track("a", "m3", T0 + 10 * MIN, "Late"));

            assertThat(h.rows()).extracting(SessionRow::sessionId, SessionRow::version, SessionRow::eventCount)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(SessionIds.of("web", "a", T0, "m1"), 1L, 2L),
                            org.assertj.core.groups.Tuple.tuple(SessionIds.of("web", "a", T0, "m1"), 2L, 3L));
            assertThat(h.late()).isEmpty();
        }
    }

    @Test
    void eventBridgingTwoWrittenSessionsMergesThemAndTombstonesTheLaterId() {
        try (SessionHarness h = harness(SessionizerConfig.defaults())) {
            h.push(page("a", "m1", T0, "/"), page("a", "m2", T0 + 50 * MIN, "/x"));
            h.driver.advanceWatermarkTo(T0 + 3 * 60 * MIN);
            assertThat(h.rows()).hasSize(2);
            String earlier = SessionIds.of("web", "a", T0, "m1");
            String later = SessionIds.of("web", "a", T0 + 50 * MIN, "m2");

            h.push(track("a", "m3", T0 + 25 * MIN, "Bridge"));

            List<SessionRow> updates = h.rows().subList(2, h.rows().size());
            assertThat(updates).extracting(SessionRow::sessionId, SessionRow::version, SessionRow::deleted)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(later, 2L, true),
                            org.assertj.core.groups.Tuple.tuple(earlier, 2L, false));
            assertThat(h.finalSessions()).singleElement().satisfies(r -> {
                assertThat(r.sessionId()).isEqualTo(earlier);
                assertThat(r.eventCount()).isEqualTo(3);
                assertThat(r.exitLocation()).isEqualTo("/x");
            });
        }
    }

    @Test
    void lateEventThatBecomesTheFirstRetiresTheOldIdForOneDerivedFromItself() {
        try (SessionHarness h = harness(SessionizerConfig.defaults())) {
            h.push(page("a", "m5", T0 + 10 * MIN, "/second"));
            h.driver.advanceWatermarkTo(T0 + 2 * 60 * MIN);
            h.push(page("a", "m9", T0, "/landing"));

            assertThat(h.rows()).extracting(SessionRow::sessionId, SessionRow::version, SessionRow::deleted)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(SessionIds.of("web", "a", T0 + 10 * MIN, "m5"), 1L, false),
                            org.assertj.core.groups.Tuple.tuple(SessionIds.of("web", "a", T0 + 10 * MIN, "m5"), 2L, true),
                            org.assertj.core.groups.Tuple.tuple(SessionIds.of("web", "a", T0, "m9"), 1L, false));
            SessionRow tombstone = h.rows().get(1);
            assertThat(tombstone.sessionStart()).isEqualTo(Instant.ofEpochMilli(T0 + 10 * MIN));
            assertThat(h.finalSessions()).singleElement()
                    .satisfies(r -> assertThat(r.entryLocation()).isEqualTo("/landing"));
        }
    }

    @Test
    void eventBeyondTheAllowedLatenessGoesToTheLateOutputWithItsReason() {
        SessionizerConfig config = SessionizerConfig.defaults().withAllowedLateness(Duration.ofMinutes(10));
        try (SessionHarness h = harness(config)) {
            h.push(page("a", "m1", T0, "/"));
            h.driver.advanceWatermarkTo(T0 + 60 * MIN);
            h.push(page("a", "m2", T0 + 50 * MIN + 1, "/within"), page("a", "m3", T0 + 50 * MIN, "/beyond"));

            List<LateRow> late = h.late();
            assertThat(late).singleElement().satisfies(l -> {
                assertThat(l.event().messageId()).isEqualTo("m3");
                assertThat(l.reason()).isEqualTo(SessionFunction.LATE_REASON);
                assertThat(l.pipeline()).isEqualTo(Sessionizer.PIPELINE);
                assertThat(l.watermark()).isEqualTo(Instant.ofEpochMilli(T0 + 60 * MIN));
                assertThat(l.event().context()).contains("\"/beyond\"");
            });
            h.endOfInput();
            assertThat(h.finalSessions()).extracting(SessionRow::entryLocation).containsExactly("/", "/within");
            assertThat(h.driver.metrics().get("tidemark.sessionizer.late").counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void columnsSummarizeTheSessionWhateverTheArrivalOrder() {
        try (SessionHarness h = harness(SessionizerConfig.defaults())) {
            h.push(track("a", "m3", T0 + 3 * MIN, "Add To Cart"), page("a", "m4", T0 + 4 * MIN, "/cart"),
                    identify("a", "m2", T0 + 2 * MIN, "user-7"), page("a", "m1", T0, "/home"),
                    screen("b", "n1", T0, "Home"));
            h.endOfInput();

            List<SessionRow> sessions = h.finalSessions();
            SessionRow a = sessions.stream().filter(r -> "a".equals(r.anonymousId())).findFirst().orElseThrow();
            assertThat(a.sessionId()).isEqualTo(SessionIds.of("web", "a", T0, "m1"));
            assertThat(a.eventCount()).isEqualTo(4);
            assertThat(a.pageViews()).isEqualTo(2);
            assertThat(a.trackEvents()).isEqualTo(1);
            assertThat(a.entryLocation()).isEqualTo("/home");
            assertThat(a.exitLocation()).isEqualTo("/cart");
            assertThat(a.userId()).isEqualTo("user-7");
            assertThat(a.bounce()).isFalse();
            assertThat(a.appVersion()).isEqualTo("4.2.0");
            assertThat(a.osName()).isEqualTo("iOS");
            assertThat(a.deviceType()).isEqualTo("ios");
            assertThat(a.source()).isEqualTo("web");
            SessionRow b = sessions.stream().filter(r -> "b".equals(r.anonymousId())).findFirst().orElseThrow();
            assertThat(b.screenViews()).isEqualTo(1);
            assertThat(b.entryLocation()).isEqualTo("Home");
            assertThat(b.bounce()).isTrue();
            assertThat(b.durationMs()).isZero();
        }
    }

    @Test
    void maxDurationCutsSessionsOnItsGridAndGapsArePerSource() {
        SessionizerConfig config = SessionizerConfig.defaults()
                .withDefaultRules(SessionRules.DEFAULT.withMaxDuration(Duration.ofHours(1)))
                .withSource("mobile", SessionRules.ofGap(Duration.ofMinutes(5)));
        long hour = Instant.parse("2026-03-01T11:00:00Z").toEpochMilli();
        try (SessionHarness h = harness(config)) {
            h.push(page("a", "m1", hour - 20 * MIN, "/"), page("a", "m2", hour - MIN, "/"),
                    page("a", "m3", hour + MIN, "/"));
            h.push(TestEvents.withSource(screen("a", "s1", T0, "A"), "mobile"),
                    TestEvents.withSource(screen("a", "s2", T0 + 6 * MIN, "B"), "mobile"));
            h.endOfInput();

            assertThat(h.finalSessions())
                    .extracting(SessionRow::source, SessionRow::eventCount)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("web", 2L),
                            org.assertj.core.groups.Tuple.tuple("web", 1L),
                            org.assertj.core.groups.Tuple.tuple("mobile", 1L),
                            org.assertj.core.groups.Tuple.tuple("mobile", 1L));
        }
    }

    @Test
    void stateSurvivesSnapshotAndRestoreMidSession() {
        try (SessionHarness h = harness(SessionizerConfig.defaults())) {
            h.push(page("a", "m1", T0, "/"), page("a", "m2", T0 + 10 * MIN, "/x"));
            try (SessionHarness restored = h.restore()) {
                restored.push(page("a", "m1", T0, "/"), page("a", "m3", T0 + 20 * MIN, "/y"));
                restored.endOfInput();
                assertThat(restored.finalSessions()).singleElement().satisfies(r -> {
                    assertThat(r.eventCount()).isEqualTo(3);
                    assertThat(r.exitLocation()).isEqualTo("/y");
                    assertThat(r.sessionId()).isEqualTo(SessionIds.of("web", "a", T0, "m1"));
                });
                assertThat(restored.driver.metrics().get("tidemark.dedup.duplicates").counter().count())
                        .isEqualTo(1.0);
            }
        }
    }
}
