package io.tidemark.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One of an envelope's JSON objects ({@code context}, {@code properties}, {@code traits}, {@code
 * integrations}), held as its canonical text, as a tree, or both, each made from the other on
 * first use. The canonical text is what Jackson prints for the tree ({@code ObjectNode.toString()},
 * compact, in UTF-8): the raw archive stores it, so an object reads back the same text whether it
 * was decoded from a Kafka record, from a log line or from the archive.
 *
 * <p>Why: decoding an envelope into trees and printing them again for the archive was most of the
 * input side's cost per event, and most events are never looked into. Text that {@link
 * CanonicalJson} recognizes as canonical is kept as it came; other text (whitespace, escapes
 * Jackson writes differently, duplicate names, ...) is parsed into a tree at once, which also
 * validates it.
 *
 * <p>Values are immutable: do not modify the tree or the bytes handed out. Thread-safe; a race
 * on first use at worst parses or prints twice.
 */
public final class JsonObject {
  private static final byte[] EMPTY_TEXT = {'{', '}'};
  /** An empty object. */
  public static final JsonObject EMPTY = new JsonObject(EMPTY_TEXT, null);

  /** True when the object was made from its canonical text, false when from a tree. */
  private final boolean fromText;
  private volatile byte[] text;
  private volatile ObjectNode tree;
  /**
   * Where the canonical text's top-level fields are ({@link CanonicalPaths#fields}): found while the
   * text was checked, else on the first lookup.
   */
  private volatile int[] fields;

  private JsonObject(byte[] text, ObjectNode tree) {
    this(text, tree, null);
  }

  private JsonObject(byte[] text, ObjectNode tree, int[] fields) {
    this.fromText = text != null;
    this.text = text;
    this.tree = tree;
    this.fields = fields;
  }

  /** The object of a tree (not copied: do not modify it afterwards); null is the empty object. */
  public static JsonObject of(ObjectNode tree) {
    return tree == null ? EMPTY : new JsonObject(null, tree);
  }

  /**
   * The object whose JSON text is {@code utf8[from, to)}.
   *
   * @throws IllegalArgumentException when the text is not JSON or not an object (what follows a
   *     complete object is ignored, as Jackson's {@code readTree} does)
   */
  public static JsonObject parse(byte[] utf8, int from, int to) {
    if (to - from == 2 && utf8[from] == '{' && utf8[from + 1] == '}') {
      return EMPTY;
    }
    CanonicalJson.ObjectText canonical = CanonicalJson.object(utf8, from, to);
    if (canonical != null && canonical.end() == to) {
      return new JsonObject(Arrays.copyOfRange(utf8, from, to), null, canonical.fields());
    }
    JsonNode n;
    try {
      n = EventJson.mapper().readTree(utf8, from, to - from);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (!(n instanceof ObjectNode o)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return new JsonObject(null, o);
  }

  /** The object of {@code utf8[from, to)}, which {@link CanonicalJson#object} found canonical. */
  static JsonObject ofCanonical(byte[] utf8, int from, CanonicalJson.ObjectText canonical) {
    int to = canonical.end();
    if (to - from == 2) {
      return EMPTY;
    }
    return new JsonObject(Arrays.copyOfRange(utf8, from, to), null, canonical.fields());
  }

  /** {@link #parse(byte[], int, int)} of the UTF-8 of {@code text}. */
  public static JsonObject parse(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    return parse(utf8, 0, utf8.length);
  }

  /** The object as a tree, parsed on first use; shared: treat it as read-only. */
  public ObjectNode tree() {
    ObjectNode t = tree;
    if (t == null) {
      byte[] s = text;
      try {
        t = s == EMPTY_TEXT ? JsonNodeFactory.instance.objectNode()
            : (ObjectNode) EventJson.mapper().readTree(s);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("canonical text did not parse", e); // CanonicalJson accepted it
      }
      tree = t;
    }
    return t;
  }

  /** The canonical text in UTF-8, printed from the tree on first use; shared: do not modify. */
  public byte[] utf8() {
    byte[] s = text;
    if (s == null) {
      s = tree.isEmpty() ? EMPTY_TEXT : tree.toString().getBytes(StandardCharsets.UTF_8);
      text = s;
    }
    return s;
  }

  /**
   * The text the object was made from, or null when it was made from a tree. A tree that holds
   * a lone surrogate (possible only through a {@code \\u} escape) prints with {@code ?} in its
   * place, so a writer that must keep such trees exact writes the tree itself.
   */
  byte[] sourceText() {
    return fromText ? text : null;
  }

  /** The canonical text. */
  public String text() {
    byte[] s = utf8();
    return s == EMPTY_TEXT ? "{}" : new String(s, StandardCharsets.UTF_8);
  }

  /** Whether the object has no fields. */
  public boolean isEmpty() {
    byte[] s = text;
    return s != null ? s.length == 2 : tree.isEmpty();
  }

  /**
   * The text of the scalar at {@code path} (field names, outermost first), as Jackson's {@code
   * asText()} gives it (a string's value, a number's or a boolean's JSON text), or null when the
   * path is missing, leads through a non-object, or ends at null, an object or an array. Equal to
   * {@code n.isValueNode() && !n.isNull() ? n.asText() : null} for {@code n} the tree's {@code
   * path(path[0]).path(path[1])...}, without parsing the tree when only the text is at hand.
   */
  public String scalarText(String... path) {
    ObjectNode t = tree;
    if (t != null) {
      JsonNode n = t;
      for (String field : path) {
        n = n.path(field);
      }
      return n.isValueNode() && !n.isNull() ? n.asText() : null;
    }
    byte[] s = text;
    int[] f = fields;
    if (f == null) {
      f = CanonicalPaths.fields(s);
      fields = f;
    }
    return CanonicalPaths.scalarText(s, f, path);
  }

  /** Equal when the trees are equal (as {@link ObjectNode#equals}: field order does not matter). */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof JsonObject other)) {
      return false;
    }
    byte[] a = text;
    byte[] b = other.text;
    if (a != null && b != null && Arrays.equals(a, b)) {
      return true;
    }
    return tree().equals(other.tree());
  }

  @Override
  public int hashCode() {
    return tree().hashCode();
  }

  @Override
  public String toString() {
    return text();
  }
}
