package dev.offload;

import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One raw TCP connection to a test server: the test writes every byte itself and reads HTTP/1.x responses by hand,
 * so it can send what no HTTP client would, and see exactly what comes back and when the server closes.
 */
final class RawHttp implements AutoCloseable {
  /** No single wait is longer than this: a server that says nothing for so long is hanging. */
  static final long HANG_MS = 5000;

  private final Socket socket;
  private final InputStream in;
  private long lastSendNanos = System.nanoTime();

  /** A response as it came off the wire. */
  record Response(String statusLine, int status, List<String[]> headers, byte[] body) {
    /** The first value of a header, by case-insensitive name, or null. */
    String header(String name) {
      return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonObject json() {
      return new JsonObject(text());
    }

    @Override
    public String toString() {
      return statusLine + " " + text();
    }
  }

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
  }

  static RawHttp connect(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    return new RawHttp(socket);
  }

  /** Sends the bytes as they are. */
  RawHttp send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    lastSendNanos = System.nanoTime();
    return this;
  }

  /** Sends the text as ISO-8859-1, one byte per character, so "\u00ff" is the byte 0xFF. */
  RawHttp send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** True when bytes from the server are waiting to be read. */
  boolean hasInput() throws IOException {
    return in.available() > 0;
  }

  /** Reads one response; a {@code HEAD} response and a 1xx have no body. Fails if the server closes first. */
  Response read(boolean toHead) throws IOException {
    String statusLine = line(true);
    if (statusLine == null) {
      throw new AssertionError("closed without an answer");
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
      throw new AssertionError("not an HTTP/1.x status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    List<String[]> headers = new ArrayList<>();
    for (String header = line(false); !header.isEmpty(); header = line(false)) {
      int colon = header.indexOf(':');
      headers.add(new String[] {header.substring(0, colon).trim(), header.substring(colon + 1).trim()});
    }
    Response head = new Response(statusLine, status, headers, new byte[0]);
    if (toHead || status / 100 == 1 || status == 204 || status == 304) {
      return head;
    }
    String length = head.header("Content-Length");
    if (length != null) {
      return new Response(statusLine, status, headers, in.readNBytes(Integer.parseInt(length)));
    }
    if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line(false), 16); size > 0; size = Integer.parseInt(line(false), 16)) {
        body.write(in.readNBytes(size));
        line(false);
      }
      line(false);
      return new Response(statusLine, status, headers, body.toByteArray());
    }
    return new Response(statusLine, status, headers, in.readAllBytes());
  }

  Response read() throws IOException {
    return read(false);
  }

  /**
   * Waits for the server to close the connection (end of stream or a reset) and returns the ms since the last byte
   * this side sent. Fails if bytes arrive instead, or if it is still open after {@code maxMs}.
   */
  long awaitClose(long maxMs) throws IOException {
    long deadline = lastSendNanos + maxMs * 1_000_000;
    try {
      while (true) {
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        socket.setSoTimeout((int) left);
        int b = in.read();
        if (b < 0) {
          break;
        }
        ByteArrayOutputStream more = new ByteArrayOutputStream();
        more.write(b);
        more.write(in.readNBytes(Math.min(in.available(), 300)));
        throw new AssertionError("expected the connection to close, got bytes: "
            + more.toString(StandardCharsets.ISO_8859_1));
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("still open " + maxMs + " ms after the last byte sent: left hanging");
    } catch (SocketException reset) {
      // A reset is a close too (the server closed with our bytes unread).
    }
    return (System.nanoTime() - lastSendNanos) / 1_000_000;
  }

  /** A line without its CRLF; null at the end of the stream if {@code eofIsNull}. Fails after {@link #HANG_MS}. */
  private String line(boolean eofIsNull) throws IOException {
    socket.setSoTimeout((int) HANG_MS);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          if (eofIsNull && bytes.size() == 0) {
            return null;
          }
          throw new AssertionError("closed in the middle of a response: " + bytes.toString(StandardCharsets.UTF_8));
        }
        bytes.write(b);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer within " + HANG_MS + " ms: hanging");
    } catch (SocketException reset) {
      if (eofIsNull && bytes.size() == 0) {
        return null;
      }
      throw reset;
    }
    String line = bytes.toString(StandardCharsets.ISO_8859_1);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
