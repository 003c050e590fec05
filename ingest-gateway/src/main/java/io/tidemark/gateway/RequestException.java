package io.tidemark.gateway;

import io.tidemark.events.ErrorCode;

/** A whole-request problem with its stable code; expected, so it carries no stack trace. */
final class RequestException extends Exception {
  private final ErrorCode code;
  private final long retryAfterSeconds;

  RequestException(ErrorCode code, String message) {
    this(code, message, 0);
  }

  RequestException(ErrorCode code, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  ErrorCode code() {
    return code;
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
