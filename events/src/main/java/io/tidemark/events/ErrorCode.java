package io.tidemark.events;

/**
 * The stable error codes of the event contract.
 *
 * <p>A code names one problem forever: codes are added, never renamed, never reused for another
 * meaning. {@link Scope#EVENT} codes reject one event (the rest of its request goes on);
 * {@link Scope#REQUEST} codes reject a whole HTTP request with {@link #httpStatus()}.
 */
public enum ErrorCode {
  // --- whole request -------------------------------------------------------------------------
  MALFORMED_JSON("malformed_json", Scope.REQUEST, 400),
  INVALID_UTF8("invalid_utf8", Scope.REQUEST, 400),
  TOO_DEEP("too_deep", Scope.REQUEST, 400),
  INVALID_BODY("invalid_body", Scope.REQUEST, 400),
  UNAUTHORIZED("unauthorized", Scope.REQUEST, 401),
  ORIGIN_NOT_ALLOWED("origin_not_allowed", Scope.REQUEST, 403),
  NOT_FOUND("not_found", Scope.REQUEST, 404),
  METHOD_NOT_ALLOWED("method_not_allowed", Scope.REQUEST, 405),
  BODY_TOO_LARGE("body_too_large", Scope.REQUEST, 413),
  DECOMPRESSED_TOO_LARGE("decompressed_too_large", Scope.REQUEST, 413),
  TOO_MANY_EVENTS("too_many_events", Scope.REQUEST, 413),
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", Scope.REQUEST, 415),
  UNSUPPORTED_ENCODING("unsupported_encoding", Scope.REQUEST, 415),
  RATE_LIMITED("rate_limited", Scope.REQUEST, 429),
  INTERNAL_ERROR("internal_error", Scope.REQUEST, 500),
  KAFKA_UNAVAILABLE("kafka_unavailable", Scope.REQUEST, 503),
  OVERLOADED("overloaded", Scope.REQUEST, 503),
  INVALID_COMPRESSION("invalid_compression", Scope.REQUEST, 400),

  // --- one event -----------------------------------------------------------------------------
  NOT_AN_OBJECT("not_an_object", Scope.EVENT, 0),
  EVENT_TOO_LARGE("event_too_large", Scope.EVENT, 0),
  MISSING_TYPE("missing_type", Scope.EVENT, 0),
  INVALID_TYPE("invalid_type", Scope.EVENT, 0),
  MISSING_ID("missing_id", Scope.EVENT, 0),
  MISSING_EVENT_NAME("missing_event_name", Scope.EVENT, 0),
  MISSING_GROUP_ID("missing_group_id", Scope.EVENT, 0),
  MISSING_PREVIOUS_ID("missing_previous_id", Scope.EVENT, 0),
  INVALID_FIELD("invalid_field", Scope.EVENT, 0),
  INVALID_TIMESTAMP("invalid_timestamp", Scope.EVENT, 0),
  MESSAGE_ID_TOO_LONG("message_id_too_long", Scope.EVENT, 0);

  /** Whether a code rejects one event or a whole request. */
  public enum Scope {
    EVENT,
    REQUEST
  }

  private final String code;
  private final Scope scope;
  private final int httpStatus;

  ErrorCode(String code, Scope scope, int httpStatus) {
    this.code = code;
    this.scope = scope;
    this.httpStatus = httpStatus;
  }

  /** The wire string, e.g. {@code missing_id}. */
  public String code() {
    return code;
  }

  public Scope scope() {
    return scope;
  }

  /** The HTTP status of a request-scoped code; 0 for event-scoped codes (they ride in a 200). */
  public int httpStatus() {
    return httpStatus;
  }

  /** The code for a wire string, or null when there is none. */
  public static ErrorCode ofCode(String code) {
    for (ErrorCode c : values()) {
      if (c.code.equals(code)) {
        return c;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return code;
  }
}
