package io.tidemark.events;

/** Bytes that should hold an envelope (or a rejected record) do not. */
public final class EnvelopeFormatException extends RuntimeException {
  public EnvelopeFormatException(String message) {
    super(message);
  }

  public EnvelopeFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
