package io.tidemark.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;

/**
 * The JSON codec of the event contract: envelopes ({@link Topics#EVENTS}), rejected records
 * ({@link Topics#REJECTED}), and lines of stored logs that hold either envelopes or raw Segment
 * events.
 *
 * <p>Envelope layout, in this order, absent fields omitted: {@code envelopeVersion} (1), {@code
 * messageId}, {@code type}, {@code event}, {@code name}, {@code category}, {@code anonymousId},
 * {@code userId}, {@code groupId}, {@code previousId}, {@code timestamp}, {@code originalTimestamp},
 * {@code sentAt}, {@code receivedAt} (times as {@code YYYY-MM-DDTHH:MM:SS.mmmZ}), {@code
 * timestampClamped} (only when true), {@code source}, {@code context}, {@code properties}, {@code
 * traits} (only when not empty), {@code integrations}.
 *
 * <p>Writing streams with a {@link JsonGenerator}; thread-safe.
 */
public final class EventJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();
  private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);
  /**
   * How deep a log line may nest before its scan is left to Jackson (whose own limit, the default
   * 1,000, then applies): far below that limit, far above what events nest.
   */
  private static final int LINE_SCAN_DEPTH = 64;

  private EventJson() {}

  /** The mapper behind this codec (default Jackson settings), for callers that read trees. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  // --- envelopes -------------------------------------------------------------------------------

  /** The envelope as UTF-8 JSON, in the same layout as envelopes normalized from raw events. */
  public static byte[] encode(Envelope e) {
    EnvelopeWriter w = EnvelopeWriter.get();
    w.header(e.messageId(), e.type(), e.event(), e.name(), e.category(), e.anonymousId(), e.userId(), e.groupId(),
        e.previousId(), e.timestamp().toEpochMilli(), millisOrNone(e.originalTimestamp()), millisOrNone(e.sentAt()),
        e.receivedAt().toEpochMilli(), e.timestampClamped(), e.source(), false, false);
    w.field("context");
    object(w, e.contextJson());
    w.field("properties");
    object(w, e.propertiesJson());
    if (!e.traitsJson().isEmpty()) {
      w.field("traits");
      object(w, e.traitsJson());
    }
    w.field("integrations");
    object(w, e.integrationsJson());
    w.end();
    return w.toByteArray();
  }

  /** Writes the envelope as one JSON object at the generator's position. */
  public static void write(Envelope e, JsonGenerator g) throws IOException {
    g.writeRawValue(new String(encode(e), java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The object's canonical text as it came, else its tree: the bytes the tree prints either way. */
  private static void object(EnvelopeWriter w, JsonObject o) {
    byte[] text = o.sourceText();
    if (text != null) {
      w.raw(text, 0, text.length, false);
    } else {
      w.tree(o.tree());
    }
  }

  private static long millisOrNone(Instant t) {
    return t == null ? Long.MIN_VALUE : t.toEpochMilli();
  }

  /**
   * Reads an envelope written by {@link #encode} (or by the gateway). Envelopes as written are
   * decoded in one pass without trees ({@link EnvelopeReader}); anything else by Jackson.
   *
   * @throws EnvelopeFormatException when the bytes are not JSON or not an envelope
   */
  public static Envelope decodeEnvelope(byte[] json) {
    Envelope fast = EnvelopeReader.read(json);
    if (fast != null) {
      return fast;
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (IOException ex) {
      throw new EnvelopeFormatException("not JSON: " + ex.getMessage(), ex);
    }
    return decodeEnvelope(tree);
  }

  /**
   * Reads an envelope from a parsed tree; see {@link #decodeEnvelope(byte[])}. The envelope keeps
   * the tree's objects (not copied).
   */
  public static Envelope decodeEnvelope(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      throw new EnvelopeFormatException("an envelope must be a JSON object");
    }
    JsonNode version = tree.get("envelopeVersion");
    if (version == null || !version.canConvertToInt() || version.intValue() != Envelope.VERSION) {
      throw new EnvelopeFormatException("envelopeVersion must be " + Envelope.VERSION + ", got " + version);
    }
    String typeName = str(tree, "type");
    EventType type = typeName == null ? null : EventType.ofWireName(typeName);
    if (type == null) {
      throw new EnvelopeFormatException("unknown type " + typeName);
    }
    try {
      return new Envelope(
          str(tree, "messageId"), type, str(tree, "event"), str(tree, "name"), str(tree, "category"),
          str(tree, "anonymousId"), str(tree, "userId"), str(tree, "groupId"), str(tree, "previousId"),
          time(tree, "timestamp"), time(tree, "originalTimestamp"), time(tree, "sentAt"), time(tree, "receivedAt"),
          tree.path("timestampClamped").asBoolean(false), str(tree, "source"),
          obj(tree, "context"), obj(tree, "properties"), obj(tree, "traits"), obj(tree, "integrations"));
    } catch (NullPointerException | IllegalArgumentException ex) {
      throw new EnvelopeFormatException("invalid envelope: " + ex.getMessage(), ex);
    }
  }

  /** True when the tree is an envelope (it carries {@code envelopeVersion}), not a raw event. */
  public static boolean isEnvelope(JsonNode tree) {
    return tree != null && tree.isObject() && tree.has("envelopeVersion");
  }

  /**
   * Reads one line of a stored log: an envelope as it is, or a raw Segment event normalized with
   * {@code normalizer} — received at the event's own {@code receivedAt} when it has a valid one
   * (Segment's archives do), else at {@code defaultReceivedAt}, from {@code source}.
   *
   * @throws EnvelopeFormatException when the line is not JSON or an unreadable envelope
   */
  public static Normalized readLine(byte[] line, int offset, int length, Normalizer normalizer,
      Instant defaultReceivedAt, String source) {
    return readLine(line, offset, length, normalizer, defaultReceivedAt, source, false);
  }

  /**
   * {@link #readLine}, for a reader that needs the {@link Envelope} and not the JSON the gateway
   * would write for a raw event: the envelope is built from the scan ({@link
   * Normalizer#normalizeToEnvelope}), equal to {@code readLine(...).envelope()}, and {@link
   * Normalized.Accepted#json()} is encoded only when asked for.
   *
   * @throws EnvelopeFormatException when the line is not JSON or an unreadable envelope
   */
  public static Normalized readLineToEnvelope(byte[] line, int offset, int length, Normalizer normalizer,
      Instant defaultReceivedAt, String source) {
    return readLine(line, offset, length, normalizer, defaultReceivedAt, source, true);
  }

  private static Normalized readLine(byte[] line, int offset, int length, Normalizer normalizer,
      Instant defaultReceivedAt, String source, boolean direct) {
    byte[] src = offset == 0 && length == line.length ? line : Arrays.copyOfRange(line, offset, offset + length);
    // The gateway's hand-written scanner takes the plain lines; Jackson decides everything else.
    RawEvent raw = BatchScanner.scanEvent(src, src.length, LINE_SCAN_DEPTH);
    if (raw == null) {
      try {
        raw = Normalizer.scan(src);
      } catch (UncheckedIOException ex) {
        throw new EnvelopeFormatException("not JSON: " + ex.getCause().getMessage(), ex.getCause());
      }
    }
    if (raw.isEnvelope()) {
      Envelope e = decodeEnvelope(src);
      return new Normalized.Accepted(src, e.partitionKey(), e.messageId(),
          e.sentAt() == null ? Long.MIN_VALUE : e.sentAt().toEpochMilli(), e);
    }
    Instant receivedAt = defaultReceivedAt;
    if (raw.receivedAt != null) {
      try {
        receivedAt = Instant.ofEpochMilli(Timestamps.parse(raw.receivedAt));
      } catch (IllegalArgumentException ignored) {
        // keep the default: a bad receivedAt on an archived event is not the event's fault
      }
    }
    Receipt receipt = Receipt.of(receivedAt, source);
    return direct ? normalizer.normalizeToEnvelope(raw, receipt) : normalizer.normalize(raw, receipt);
  }

  // --- rejected records ------------------------------------------------------------------------

  /** The rejected record as UTF-8 JSON; see {@link RejectedEvent} for the layout. */
  public static byte[] encodeRejected(RejectedEvent r) {
    Buffer buf = BUFFERS.get();
    buf.reset();
    try (JsonGenerator g = FACTORY.createGenerator(buf)) {
      g.writeStartObject();
      g.writeStringField("code", r.code());
      g.writeStringField("message", r.message());
      optional(g, "source", r.source());
      g.writeStringField("receivedAt", Timestamps.format(r.receivedAt().toEpochMilli()));
      optional(g, "messageId", r.messageId());
      if (r.index() != null) {
        g.writeNumberField("index", r.index());
      }
      optional(g, "origin", r.origin());
      int bytes = utf8Length(r.original());
      g.writeNumberField("originalBytes", bytes);
      if (r.originalIsJson() && bytes <= RejectedEvent.MAX_ORIGINAL_BYTES) {
        g.writeFieldName("original");
        g.writeRawValue(r.original());
      } else {
        String text = r.original();
        if (bytes > RejectedEvent.MAX_ORIGINAL_BYTES && text.length() > RejectedEvent.TRUNCATED_TEXT_CHARS) {
          text = text.substring(0, RejectedEvent.TRUNCATED_TEXT_CHARS);
        }
        g.writeStringField("originalText", text);
      }
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return buf.toByteArray();
  }

  /** Reads a rejected record; {@code original} comes back as JSON text or the original text. */
  public static RejectedEvent decodeRejected(byte[] json) {
    try {
      JsonNode t = MAPPER.readTree(json);
      JsonNode original = t.get("original");
      boolean isJson = original != null;
      String text = isJson ? MAPPER.writeValueAsString(original) : t.path("originalText").asText("");
      JsonNode index = t.get("index");
      return new RejectedEvent(text, isJson, str(t, "code"), str(t, "message"), str(t, "source"),
          time(t, "receivedAt"), str(t, "messageId"), index == null ? null : index.intValue(), str(t, "origin"));
    } catch (IOException | NullPointerException | IllegalArgumentException ex) {
      throw new EnvelopeFormatException("not a rejected record: " + ex.getMessage(), ex);
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static void optional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }

  private static String str(JsonNode t, String field) {
    JsonNode n = t.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Instant time(JsonNode t, String field) {
    String s = str(t, field);
    return s == null ? null : Instant.ofEpochMilli(Timestamps.parse(s));
  }

  private static ObjectNode obj(JsonNode t, String field) {
    JsonNode n = t.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw new IllegalArgumentException(field + " must be an object");
    }
    return (ObjectNode) n;
  }

  static int utf8Length(String s) {
    int n = s.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          bytes += 2; // 4 bytes for the pair, counted 2 so far
          i++;
        } else {
          bytes += 2;
        }
      }
    }
    return bytes;
  }

  /** A reusable output buffer; one per thread. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(4096);
    }

    @Override
    public synchronized void reset() {
      super.reset();
      if (buf.length > 1 << 20) {
        buf = new byte[4096]; // do not pin a huge buffer to the thread
      }
    }

    @Override
    public synchronized byte[] toByteArray() {
      return Arrays.copyOf(buf, count);
    }
  }
}
