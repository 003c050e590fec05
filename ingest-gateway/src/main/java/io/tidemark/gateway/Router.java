package io.tidemark.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidemark.events.ErrorCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;

/** The root handler: CORS, then the route by path and method; every answer is counted. */
final class Router implements HttpHandler {
  private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Cors cors;
  private final IngestHandler ingest;
  private final SettingsHandler settings;
  private final Readiness readiness;
  private final PrometheusMeterRegistry registry;
  private final GatewayMetrics metrics;

  Router(Cors cors, IngestHandler ingest, SettingsHandler settings, Readiness readiness,
      PrometheusMeterRegistry registry, GatewayMetrics metrics) {
    this.cors = cors;
    this.ingest = ingest;
    this.settings = settings;
    this.readiness = readiness;
    this.registry = registry;
    this.metrics = metrics;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    String path = Route.normalize(exchange.getRequestPath());
    Route route = Route.of(path);
    String settingsKey = route == null ? SettingsHandler.writeKeyOf(path) : null;
    String tag = route != null ? route.tag()
        : settingsKey != null ? "settings"
        : switch (path) {
            case "/healthz" -> "healthz";
            case "/readyz" -> "readyz";
            case "/metrics" -> "metrics";
            default -> "unknown";
          };
    HttpString method = exchange.getRequestMethod();
    String metricTag = method.equals(Methods.OPTIONS) ? "preflight" : tag;
    exchange.addExchangeCompleteListener((ex, next) -> {
      metrics.request(metricTag, ex.getStatusCode());
      next.proceed();
    });
    if (cors.apply(exchange)) {
      return;
    }
    if (route != null) {
      if (!method.equals(Methods.POST)) {
        methodNotAllowed(exchange, "POST");
        return;
      }
      ingest.handle(exchange, route);
      return;
    }
    if (tag.equals("unknown")) {
      Responses.error(exchange, ErrorCode.NOT_FOUND, "no such endpoint: " + exchange.getRequestPath());
      return;
    }
    if (!method.equals(Methods.GET) && !method.equals(Methods.HEAD)) {
      methodNotAllowed(exchange, "GET");
      return;
    }
    switch (tag) {
      case "settings" -> settings.handle(exchange, settingsKey);
      case "healthz" -> Responses.json(exchange, 200, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
      case "readyz" -> ready(exchange);
      case "metrics" -> {
        if (exchange.isInIoThread()) {
          exchange.dispatch(this::scrape);
        } else {
          scrape(exchange);
        }
      }
      default -> Responses.error(exchange, ErrorCode.NOT_FOUND, "no such endpoint: " + exchange.getRequestPath());
    }
  }

  private void scrape(HttpServerExchange exchange) {
    Responses.send(exchange, 200, PROMETHEUS_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8));
  }

  private void ready(HttpServerExchange exchange) {
    String problem = readiness.problem();
    if (problem == null) {
      Responses.json(exchange, 200, "{\"status\":\"ready\"}".getBytes(StandardCharsets.UTF_8));
    } else {
      StringBuilder sb = new StringBuilder("{\"status\":\"not_ready\",\"reason\":\"");
      for (char c : problem.toCharArray()) {
        if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else if (c >= 0x20) {
          sb.append(c);
        }
      }
      sb.append("\"}");
      Responses.json(exchange, 503, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void methodNotAllowed(HttpServerExchange exchange, String allowed) {
    exchange.getResponseHeaders().put(new HttpString("Allow"), allowed + ", OPTIONS");
    Responses.error(exchange, ErrorCode.METHOD_NOT_ALLOWED,
        exchange.getRequestMethod() + " is not allowed here; use " + allowed);
  }
}
