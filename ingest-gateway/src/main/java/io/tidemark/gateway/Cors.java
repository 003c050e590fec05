package io.tidemark.gateway;

import io.tidemark.events.ErrorCode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.List;
import java.util.Set;

/**
 * CORS for browser SDKs. analytics-next sends {@code Authorization: Basic} with every event, so
 * every cross-origin send is preflighted; retries add {@code X-Retry-Count}.
 *
 * <p>An allowed origin is echoed (with {@code Vary: Origin} and {@code Allow-Credentials}), which is
 * what credentialed requests require and is as open as {@code *}; without an {@code Origin} header
 * and with {@code *} configured, the answer carries {@code Access-Control-Allow-Origin: *}.
 */
final class Cors {
  static final String ALLOW_METHODS = "POST, GET, OPTIONS";
  static final String ALLOW_HEADERS = "Authorization, Content-Type, Content-Encoding, X-Retry-Count";
  private static final HttpString ORIGIN = new HttpString("Origin");
  private static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");
  private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
  private static final HttpString ALLOW_CREDENTIALS = new HttpString("Access-Control-Allow-Credentials");
  private static final HttpString ALLOW_METHODS_H = new HttpString("Access-Control-Allow-Methods");
  private static final HttpString ALLOW_HEADERS_H = new HttpString("Access-Control-Allow-Headers");
  private static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
  private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
  private static final HttpString VARY = new HttpString("Vary");
  private static final HttpString ALLOW = new HttpString("Allow");

  private final boolean allowAll;
  private final Set<String> origins;

  Cors(List<String> origins) {
    this.allowAll = origins.contains("*");
    this.origins = Set.copyOf(origins);
  }

  /**
   * Adds the CORS headers to the response. Returns true when the request was an {@code OPTIONS}
   * (preflight or not) and has been answered.
   */
  boolean apply(HttpServerExchange exchange) {
    HeaderMap in = exchange.getRequestHeaders();
    HeaderMap out = exchange.getResponseHeaders();
    String origin = in.getFirst(ORIGIN);
    boolean allowed = origin != null && (allowAll || origins.contains(origin));
    if (origin == null) {
      if (allowAll) {
        out.put(ALLOW_ORIGIN, "*");
      }
    } else {
      out.put(VARY, "Origin");
      if (allowed) {
        out.put(ALLOW_ORIGIN, origin);
        out.put(ALLOW_CREDENTIALS, "true");
        out.put(EXPOSE_HEADERS, "Retry-After");
      }
    }
    if (!exchange.getRequestMethod().equals(Methods.OPTIONS)) {
      return false;
    }
    if (in.getFirst(REQUEST_METHOD) == null) {
      out.put(ALLOW, ALLOW_METHODS);
      exchange.setStatusCode(204);
      exchange.endExchange();
      return true;
    }
    if (origin != null && !allowed) {
      Responses.error(exchange, ErrorCode.ORIGIN_NOT_ALLOWED, "origin " + origin + " may not send events here");
      return true;
    }
    out.put(ALLOW_METHODS_H, ALLOW_METHODS);
    out.put(ALLOW_HEADERS_H, ALLOW_HEADERS);
    out.put(MAX_AGE, "86400");
    exchange.setStatusCode(204);
    exchange.endExchange();
    return true;
  }
}
