package io.tidemark.lake.datasets;

import io.tidemark.lake.schema.Dataset;
import java.time.Instant;
import java.util.Objects;

/**
 * One version of a session ({@code lake/sessions}). A session that late data changes is written
 * again with a higher {@code version}; a session merged away is written once more with
 * {@code deleted = true}. Readers keep the highest version per {@code session_id} and drop deleted
 * ones. {@code dt} is the UTC date of {@link #sessionStart()}.
 */
public record SessionRow(
    String sessionId,
    long version,
    boolean deleted,
    String anonymousId,
    String userId,
    Instant sessionStart,
    Instant sessionEnd,
    long durationMs,
    long eventCount,
    long pageViews,
    long screenViews,
    long trackEvents,
    String entryLocation,
    String exitLocation,
    boolean bounce,
    String appVersion,
    String osName,
    String deviceType,
    String source) {

  public static final Dataset<SessionRow> DATASET =
      Dataset.<SessionRow>builder("sessions")
          // Nearly one id per row (a session's versions are few): a dictionary would hash every id
          // and overflow; min/max of hashes prune nothing.
          .requiredFreeText("session_id", SessionRow::sessionId)
          .requiredInt64("version", SessionRow::version)
          .requiredBool("is_deleted", SessionRow::deleted)
          .string("anonymous_id", SessionRow::anonymousId)
          .string("user_id", SessionRow::userId)
          .requiredTimestamp("session_start", SessionRow::sessionStart)
          .requiredTimestamp("session_end", SessionRow::sessionEnd)
          .requiredInt64("duration_ms", SessionRow::durationMs)
          .requiredInt64("event_count", SessionRow::eventCount)
          .requiredInt64("page_views", SessionRow::pageViews)
          .requiredInt64("screen_views", SessionRow::screenViews)
          .requiredInt64("track_events", SessionRow::trackEvents)
          .string("entry_location", SessionRow::entryLocation)
          .string("exit_location", SessionRow::exitLocation)
          .requiredBool("bounce", SessionRow::bounce)
          .string("app_version", SessionRow::appVersion)
          .string("os_name", SessionRow::osName)
          .string("device_type", SessionRow::deviceType)
          .string("source", SessionRow::source)
          .partitionedByDateOf(SessionRow::sessionStart)
          .rows(v -> new SessionRow(
              v.string("session_id"),
              v.requiredInt64("version"),
              v.requiredBool("is_deleted"),
              v.string("anonymous_id"),
              v.string("user_id"),
              v.instant("session_start"),
              v.instant("session_end"),
              v.requiredInt64("duration_ms"),
              v.requiredInt64("event_count"),
              v.requiredInt64("page_views"),
              v.requiredInt64("screen_views"),
              v.requiredInt64("track_events"),
              v.string("entry_location"),
              v.string("exit_location"),
              v.requiredBool("bounce"),
              v.string("app_version"),
              v.string("os_name"),
              v.string("device_type"),
              v.string("source")))
          .build();

  public SessionRow {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(sessionStart, "sessionStart");
    Objects.requireNonNull(sessionEnd, "sessionEnd");
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative: " + version);
    }
    if (sessionEnd.isBefore(sessionStart)) {
      throw new IllegalArgumentException("sessionEnd " + sessionEnd + " is before sessionStart " + sessionStart);
    }
  }
}
