package io.tidemark.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.events.ErrorCode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/** Writes the gateway's JSON answers; errors are {@code {"error": {"code": ..., "message": ...}}}. */
final class Responses {
  static final HttpString RETRY_AFTER = new HttpString("Retry-After");
  private static final JsonFactory JSON = new JsonFactory();
  private static final String JSON_TYPE = "application/json";

  private Responses() {}

  /** A whole-request error with the code's status; retryAfterSeconds > 0 adds Retry-After. */
  static void error(HttpServerExchange exchange, ErrorCode code, String message, long retryAfterSeconds) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + message.length());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeStringField("code", code.code());
      g.writeStringField("message", message);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (retryAfterSeconds > 0) {
      exchange.getResponseHeaders().put(RETRY_AFTER, Long.toString(retryAfterSeconds));
    }
    if (code.httpStatus() == 413 || code == ErrorCode.BODY_TOO_LARGE) {
      // the rest of an oversized body is not worth reading: close after answering
      exchange.setPersistent(false);
    }
    send(exchange, code.httpStatus(), JSON_TYPE, out.toByteArray());
  }

  static void error(HttpServerExchange exchange, ErrorCode code, String message) {
    error(exchange, code, message, 0);
  }

  static void json(HttpServerExchange exchange, int status, byte[] body) {
    send(exchange, status, JSON_TYPE, body);
  }

  static void send(HttpServerExchange exchange, int status, String contentType, byte[] body) {
    if (exchange.isResponseStarted()) {
      exchange.endExchange();
      return;
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }
}
