package io.tidemark.benchmarks.gateway;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client on one socket: writes a pre-built request, reads the status
 * and the body (Content-Length or chunked), reconnects when the server closes.
 *
 * <p>The benchmark's sample requests go through it one by one; the load itself is {@link HttpLoad}'s
 * (one selector thread for all connections). {@code java.net.http.HttpClient} would spend several
 * times more per request.
 */
final class HttpConnection implements AutoCloseable {
  private final String host;
  private final int port;
  private Socket socket;
  private OutputStream out;
  private InputStream in;
  private final byte[] line = new byte[8192];

  HttpConnection(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** Builds the bytes of a POST with the given headers and body. */
  static byte[] post(String host, int port, String path, String authorization, String contentType, byte[] body) {
    String head = "POST " + path + " HTTP/1.1\r\n"
        + "Host: " + host + ":" + port + "\r\n"
        + "Authorization: " + authorization + "\r\n"
        + "Content-Type: " + contentType + "\r\n"
        + "Content-Length: " + body.length + "\r\n"
        + "\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, request, 0, headBytes.length);
    System.arraycopy(body, 0, request, headBytes.length, body.length);
    return request;
  }

  /** Sends one request and returns the response status; the body is read and discarded. */
  int exchange(byte[] request) throws IOException {
    if (socket == null) {
      connect();
    }
    out.write(request);
    out.flush();
    String status = readLine();
    if (status == null) {
      throw new EOFException("connection closed before a response");
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String header = readLine(); header != null && !header.isEmpty(); header = readLine()) {
      int colon = header.indexOf(':');
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
        chunked = true;
      } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
        close = true;
      }
    }
    if (chunked) {
      for (long size = Long.parseLong(readLine().split(";")[0].trim(), 16); size > 0;
          size = Long.parseLong(readLine().split(";")[0].trim(), 16)) {
        skip(size);
        readLine();
      }
      while (!readLine().isEmpty()) {
        // trailers
      }
    } else if (length > 0) {
      skip(length);
    } else if (length < 0) {
      close = true; // body until EOF
    }
    if (close) {
      close();
    }
    return code;
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 5000);
    socket.setSoTimeout(60_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
  }

  private String readLine() throws IOException {
    int n = 0;
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        return n == 0 ? null : new String(line, 0, n, StandardCharsets.ISO_8859_1);
      }
      if (b != '\r' && n < line.length) {
        line[n++] = (byte) b;
      }
    }
    return new String(line, 0, n, StandardCharsets.ISO_8859_1);
  }

  private void skip(long bytes) throws IOException {
    long left = bytes;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("connection closed inside a response body");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a socket we are done with
      }
      socket = null;
    }
  }
}
