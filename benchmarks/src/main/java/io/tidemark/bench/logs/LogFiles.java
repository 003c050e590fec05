package io.tidemark.bench.logs;

import io.tidemark.events.Envelope;
import io.tidemark.events.EventJson;
import io.tidemark.events.Normalized;
import io.tidemark.events.Normalizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads client-log NDJSON(.gz) into envelopes through the gateway's own normalization. */
public final class LogFiles {

  private static final int MAX_EVENT_BYTES = 32 * 1024;

  private LogFiles() {
  }

  /**
   * Every line as an envelope of {@code source}, in file order; each line's own {@code receivedAt}
   * is its arrival time. A line the normalizer rejects is an error: generated logs are all valid.
   */
  public static List<Envelope> read(Path file, String source) throws IOException {
    Normalizer normalizer = new Normalizer(MAX_EVENT_BYTES);
    List<Envelope> out = new ArrayList<>();
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      while ((line = r.readLine()) != null) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        Normalized n = EventJson.readLine(bytes, 0, bytes.length, normalizer, Instant.EPOCH, source);
        if (!(n instanceof Normalized.Accepted a)) {
          throw new IllegalStateException("rejected line " + (out.size() + 1) + ": " + n);
        }
        out.add(a.envelope());
      }
    }
    return out;
  }
}
