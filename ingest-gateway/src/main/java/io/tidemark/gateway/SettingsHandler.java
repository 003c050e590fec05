package io.tidemark.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.events.ErrorCode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code GET /v1/projects/{writeKey}/settings}: the CDN settings analytics-next loads first. They
 * point its Segment.io destination at this gateway: {@code apiHost} is the host and port the
 * request was sent to (its Host header) plus {@code /v1}, {@code protocol} the scheme it came over
 * ({@code X-Forwarded-Proto} when a proxy sets it), and metrics sampling is off so the browser calls
 * nothing else.
 */
final class SettingsHandler {
  static final String PREFIX = "/v1/projects/";
  static final String SUFFIX = "/settings";
  private static final JsonFactory JSON = new JsonFactory();

  private final GatewayConfig config;

  SettingsHandler(GatewayConfig config) {
    this.config = config;
  }

  /** The write key in a settings path, or null when the path is not one. */
  static String writeKeyOf(String path) {
    if (path.startsWith(PREFIX) && path.endsWith(SUFFIX) && path.length() > PREFIX.length() + SUFFIX.length()) {
      String key = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
      return key.indexOf('/') < 0 ? key : null;
    }
    return null;
  }

  void handle(HttpServerExchange exchange, String writeKey) {
    if (config.sourceOf(writeKey) == null) {
      Responses.error(exchange, ErrorCode.UNAUTHORIZED, "unknown write key");
      return;
    }
    String apiHost = exchange.getHostAndPort() + "/v1";
    String protocol = exchange.getRequestScheme();
    String forwarded = exchange.getRequestHeaders().getFirst("X-Forwarded-Proto");
    if ("https".equalsIgnoreCase(forwarded) || "http".equalsIgnoreCase(forwarded)) {
      protocol = forwarded.toLowerCase(java.util.Locale.ROOT); // behind a TLS-terminating proxy
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("integrations");
      g.writeObjectFieldStart("Segment.io");
      g.writeStringField("apiKey", writeKey);
      g.writeStringField("apiHost", apiHost);
      g.writeStringField("protocol", protocol);
      g.writeArrayFieldStart("unbundledIntegrations");
      g.writeEndArray();
      g.writeBooleanField("addBundledMetadata", true);
      g.writeObjectFieldStart("maybeBundledConfigIds");
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
      g.writeObjectFieldStart("plan");
      for (String call : new String[] {"track", "identify", "group"}) {
        g.writeObjectFieldStart(call);
        g.writeObjectFieldStart("__default");
        g.writeBooleanField("enabled", true);
        g.writeObjectFieldStart("integrations");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeObjectFieldStart("edgeFunction");
      g.writeEndObject();
      g.writeBooleanField("analyticsNextEnabled", true);
      g.writeObjectFieldStart("middlewareSettings");
      g.writeEndObject();
      g.writeObjectFieldStart("enabledMiddleware");
      g.writeEndObject();
      g.writeObjectFieldStart("metrics");
      g.writeNumberField("sampleRate", 0);
      g.writeEndObject();
      g.writeBooleanField("legacyVideoPluginsEnabled", false);
      g.writeArrayFieldStart("remotePlugins");
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    Responses.json(exchange, 200, out.toByteArray());
  }
}
