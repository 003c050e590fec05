package io.tidemark.gateway.sdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The web site a browser test visits: a plain HTTP server on its own port, so the page's origin
 * differs from the gateway's and every send is a real cross-origin request.
 *
 * <p>Serves {@code /any/path/<name>} from the test resources {@code sdk/<name>} when there is one,
 * else {@code /<prefix>/<file>} from folders mounted with {@link #mount}, e.g. the analytics-next
 * build in node_modules.
 */
final class PageServer implements AutoCloseable {
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "json", "application/json");

  private final HttpServer server;
  private final Map<String, Path> mounts = new java.util.concurrent.ConcurrentHashMap<>();

  PageServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the page server", e);
    }
    server.createContext("/", this::serve);
    server.start();
  }

  /** Serves the files of {@code folder} under {@code /prefix/}. */
  PageServer mount(String prefix, Path folder) {
    mounts.put(prefix, folder);
    return this;
  }

  /** The page origin, e.g. {@code http://127.0.0.1:40001}. */
  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body = find(path);
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String extension = path.substring(path.lastIndexOf('.') + 1);
      exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(extension, "application/octet-stream"));
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private byte[] find(String path) throws IOException {
    if (path.contains("..")) {
      return null;
    }
    // Test pages first, by file name, so a page can sit next to a mounted build and load its
    // chunks by relative URL.
    try (InputStream in = PageServer.class.getResourceAsStream("/sdk/" + path.substring(path.lastIndexOf('/') + 1))) {
      if (in != null) {
        return in.readAllBytes();
      }
    }
    String[] parts = path.substring(1).split("/", 2);
    if (parts.length == 2 && mounts.containsKey(parts[0])) {
      Path file = mounts.get(parts[0]).resolve(parts[1]);
      return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
