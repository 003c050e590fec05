package io.tidemark.events;

/** The Segment call types. The wire name is the lower-case name. */
public enum EventType {
  TRACK("track"),
  PAGE("page"),
  SCREEN("screen"),
  IDENTIFY("identify"),
  GROUP("group"),
  ALIAS("alias");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The type for a wire name (case-insensitive), or null when it names none. */
  public static EventType ofWireName(String name) {
    switch (name) {
      case "track": return TRACK;
      case "page": return PAGE;
      case "screen": return SCREEN;
      case "identify": return IDENTIFY;
      case "group": return GROUP;
      case "alias": return ALIAS;
      default:
        for (EventType t : values()) {
          if (t.wireName.equalsIgnoreCase(name)) {
            return t;
          }
        }
        return null;
    }
  }
}
