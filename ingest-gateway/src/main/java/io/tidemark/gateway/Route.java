package io.tidemark.gateway;

import io.tidemark.events.EventType;
import java.util.HashMap;
import java.util.Map;

/**
 * The Segment tracking routes. Each accepts {@code /v1/<name>}, the short form browsers and mobile
 * SDKs use ({@code /v1/t}, and without the prefix {@code /t}), and a trailing slash
 * (analytics-java posts to {@code /v1/import/}).
 */
enum Route {
  BATCH("batch", null, "/v1/batch", "/batch", "/v1/b", "/b"),
  IMPORT("import", null, "/v1/import", "/import"),
  TRACK("track", EventType.TRACK, "/v1/track", "/track", "/v1/t", "/t"),
  PAGE("page", EventType.PAGE, "/v1/page", "/page", "/v1/p", "/p"),
  SCREEN("screen", EventType.SCREEN, "/v1/screen", "/screen", "/v1/s", "/s"),
  IDENTIFY("identify", EventType.IDENTIFY, "/v1/identify", "/identify", "/v1/i", "/i"),
  GROUP("group", EventType.GROUP, "/v1/group", "/group", "/v1/g", "/g"),
  ALIAS("alias", EventType.ALIAS, "/v1/alias", "/alias", "/v1/a", "/a");

  private static final Map<String, Route> BY_PATH = new HashMap<>();

  static {
    for (Route r : values()) {
      for (String p : r.paths) {
        BY_PATH.put(p, r);
      }
    }
  }

  private final String tag;
  private final EventType impliedType;
  private final String[] paths;

  Route(String tag, EventType impliedType, String... paths) {
    this.tag = tag;
    this.impliedType = impliedType;
    this.paths = paths;
  }

  /** The {@code route} tag of the request metrics. */
  String tag() {
    return tag;
  }

  /** The type a single-event route implies; null for the batch routes. */
  EventType impliedType() {
    return impliedType;
  }

  boolean isBatch() {
    return impliedType == null;
  }

  /** The route of a normalized path, or null. */
  static Route of(String normalizedPath) {
    return BY_PATH.get(normalizedPath);
  }

  /** Collapses repeated slashes and drops a trailing one: {@code //v1/import/} → {@code /v1/import}. */
  static String normalize(String path) {
    if (path.isEmpty()) {
      return "/";
    }
    boolean clean = path.indexOf("//") < 0 && (path.length() == 1 || path.charAt(path.length() - 1) != '/');
    if (clean) {
      return path;
    }
    StringBuilder sb = new StringBuilder(path.length());
    char prev = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '/' && prev == '/') {
        continue;
      }
      sb.append(c);
      prev = c;
    }
    if (sb.length() > 1 && sb.charAt(sb.length() - 1) == '/') {
      sb.setLength(sb.length() - 1);
    }
    return sb.toString();
  }
}
