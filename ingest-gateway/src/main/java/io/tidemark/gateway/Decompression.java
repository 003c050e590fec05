package io.tidemark.gateway;

import io.tidemark.events.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/** Content-Encoding of request bodies: identity, gzip (mobile SDKs, rudder-sdk-node), deflate. */
enum Decompression {
  IDENTITY,
  GZIP,
  DEFLATE;

  /** The encoding of a Content-Encoding header value (null = identity). */
  static Decompression of(String header) throws RequestException {
    if (header == null) {
      return IDENTITY;
    }
    switch (header.trim().toLowerCase(Locale.ROOT)) {
      case "": case "identity": return IDENTITY;
      case "gzip": case "x-gzip": return GZIP;
      case "deflate": return DEFLATE;
      default:
        throw new RequestException(ErrorCode.UNSUPPORTED_ENCODING,
            "Content-Encoding '" + header + "' is not supported; use gzip, deflate or none");
    }
  }

  /** A decompressed body. */
  record Body(byte[] bytes, int length) {}

  /**
   * Decompresses at most {@code limit} bytes: a body that inflates beyond it (a gzip bomb) fails
   * with {@code decompressed_too_large} as soon as the limit is passed, without inflating the rest.
   */
  Body decompress(byte[] body, int length, int limit) throws RequestException {
    if (this == IDENTITY) {
      return new Body(body, length);
    }
    byte[] out = new byte[Math.min(limit + 1, Math.max(8192, length * 4))];
    int n = 0;
    try (InputStream in = this == GZIP
        ? new GZIPInputStream(new ByteArrayInputStream(body, 0, length), 8192)
        : new InflaterInputStream(new ByteArrayInputStream(body, 0, length))) {
      while (true) {
        if (n == out.length) {
          if (out.length > limit) {
            throw new RequestException(ErrorCode.DECOMPRESSED_TOO_LARGE,
                "the body inflates to more than the limit of " + limit + " bytes");
          }
          out = Arrays.copyOf(out, (int) Math.min((long) limit + 1, out.length * 2L));
        }
        int r = in.read(out, n, out.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    } catch (ZipException | java.io.EOFException e) {
      throw new RequestException(ErrorCode.INVALID_COMPRESSION,
          "the body is not valid " + name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
    } catch (IOException e) {
      throw new RequestException(ErrorCode.INVALID_COMPRESSION, "cannot decompress the body: " + e.getMessage());
    }
    if (n > limit) {
      throw new RequestException(ErrorCode.DECOMPRESSED_TOO_LARGE,
          "the body inflates to more than the limit of " + limit + " bytes");
    }
    return new Body(out, n);
  }
}
