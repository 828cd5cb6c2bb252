package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP front cannot be held open: a request head must arrive in time (slowloris gets 408, blank lines are
 * closed), an idle connection is closed while a long request is not, an unknown HTTP version gets 505, and
 * connections past the cap are closed at once. Every closure is counted in /stats. Raw sockets, so every byte is the
 * test's own.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpHardeningTest {
  private static final long HEAD_TIMEOUT_MS = 400;
  private final TestService service = new TestService();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  private int start(JsonObject httpLimits) throws Exception {
    JsonObject config = TestService.config(2);
    config.getJsonObject("http").mergeIn(httpLimits.put("requestHeaderTimeoutMs", HEAD_TIMEOUT_MS));
    return service.start(config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).port();
  }

  /** What a raw connection got: the bytes the server sent, and whether (and when) it closed the connection. */
  private record Seen(String text, boolean closed, long afterMs) {
    int status() {
      return Integer.parseInt(text.substring(9, 12));
    }

    JsonObject body() {
      return new JsonObject(text.substring(text.indexOf("\r\n\r\n") + 4));
    }
  }

  /** Reads until the server closes the connection or {@code waitMs} passes. */
  private static Seen readUntilClosed(Socket socket, long waitMs) throws IOException {
    long start = System.nanoTime();
    socket.setSoTimeout((int) waitMs);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    boolean closed = false;
    try {
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) >= 0) {
        got.write(buf, 0, n);
      }
      closed = true;
    } catch (SocketTimeoutException stillOpen) {
      closed = false;
    } catch (SocketException reset) {
      closed = true;
    }
    return new Seen(got.toString(StandardCharsets.ISO_8859_1), closed, (System.nanoTime() - start) / 1_000_000);
  }

  private JsonObject stats(int port) throws Exception {
    return new JsonObject(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  private long closed(int port, String reason) throws Exception {
    return stats(port).getJsonObject("http").getJsonObject("closed").getLong(reason);
  }

  @Test
  void aSlowlorisHeadGets408AndIsClosed() throws Exception {
    int port = start(new JsonObject());
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      // One header line every 100 ms: bytes keep coming, but the head never ends.
      Thread trickle = new Thread(() -> {
        try {
          for (int i = 0; i < 50; i++) {
            out.write(("X-Slow-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(100);
          }
        } catch (IOException | InterruptedException closedUnderUs) {
          // the server closed the connection: the point of the test
        }
      });
      trickle.start();
      Seen seen = readUntilClosed(socket, 5000);
      trickle.join(5000);
      assertTrue(seen.closed(), "closed: " + seen.text());
      assertEquals(408, seen.status(), seen.text());
      assertTrue(seen.text().contains("Connection: close"), seen.text());
      assertEquals("request_timeout", seen.body().getString("error"));
      assertTrue(seen.afterMs() >= HEAD_TIMEOUT_MS - 100 && seen.afterMs() < HEAD_TIMEOUT_MS + 2000,
          "after " + seen.afterMs() + " ms");
    }
    assertEquals(1, closed(port, "requestTimeout"));
  }

  @Test
  void blankLinesOrNothingAreClosedWithoutAnAnswerWhenTheHeadIsDue() throws Exception {
    int port = start(new JsonObject());
    List<Seen> seen = new ArrayList<>();
    try (Socket blank = new Socket("127.0.0.1", port); Socket silent = new Socket("127.0.0.1", port)) {
      for (int i = 0; i < 3; i++) {
        blank.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
        Thread.sleep(50);
      }
      seen.add(readUntilClosed(blank, 5000));
      seen.add(readUntilClosed(silent, 5000));
    }
    for (Seen s : seen) {
      assertTrue(s.closed(), "closed within the head timeout");
      assertEquals("", s.text(), "no request line, so no answer");
    }
    assertEquals(2, closed(port, "headerTimeout"));
  }

  @Test
  void anIdleConnectionIsClosedButALongRequestIsNot() throws Exception {
    int port = start(new JsonObject().put("idleTimeoutSeconds", 1));
    try (Socket socket = new Socket("127.0.0.1", port)) {
      // The work takes 1.5 s without a byte on the wire: longer than the idle timeout, and still answered.
      socket.getOutputStream().write("GET /work/sleep?ms=1500 HTTP/1.1\r\nHost: x\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      Seen seen = readUntilClosed(socket, 4000);
      assertTrue(seen.text().startsWith("HTTP/1.1 200"), seen.text());
      assertTrue(seen.closed(), "then closed once idle");
      assertTrue(seen.afterMs() >= 2400, "1.5 s of work and 1 s idle: " + seen.afterMs() + " ms");
    }
    assertEquals(1, closed(port, "idle"));
  }

  @Test
  void anUnsupportedHttpVersionGets505() throws Exception {
    int port = start(new JsonObject());
    for (String version : List.of("HTTP/9.9", "HTTP/1.2", "HTTP/2.0")) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.getOutputStream().write(("GET /health " + version + "\r\nHost: x\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        Seen seen = readUntilClosed(socket, 3000);
        assertEquals(505, seen.status(), seen.text());
        assertEquals("http_version_not_supported", seen.body().getString("error"));
        assertTrue(seen.body().getString("message").contains(version), seen.text());
        assertTrue(seen.closed());
      }
    }
    assertEquals(3, closed(port, "versionNotSupported"));
  }

  @Test
  void connectionsPastTheCapAreClosedAtOnceAndCounted() throws Exception {
    int port = start(new JsonObject().put("maxConnections", 3));
    try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port);
        Socket c = new Socket("127.0.0.1", port)) {
      // Each of the three is served, so all three are open on the server's side before the fourth comes.
      for (Socket s : List.of(a, b, c)) {
        s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout(5000);
        StringBuilder answer = new StringBuilder();
        while (!answer.toString().endsWith("{\"status\":\"up\"}")) {
          answer.append((char) s.getInputStream().read());
        }
      }
      try (Socket fourth = new Socket("127.0.0.1", port)) {
        Seen seen = readUntilClosed(fourth, 3000);
        assertTrue(seen.closed() && seen.text().isEmpty(), "closed at once, no answer");
        assertTrue(seen.afterMs() < HEAD_TIMEOUT_MS, "at once, not by a timeout: " + seen.afterMs() + " ms");
      }
      // Read /stats on a connection the cap already counts (a new one would be refused too).
      c.getOutputStream().write("GET /stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      Seen stats = readUntilClosed(c, 5000);
      JsonObject http = stats.body().getJsonObject("http");
      assertEquals(3, http.getLong("open"), http.encode());
      assertEquals(3, http.getLong("accepted"), http.encode());
      assertEquals(1, http.getJsonObject("closed").getLong("overLimit"), http.encode());
    }
  }

  @Test
  void a405SaysWhichMethodsThePathTakes(@TempDir Path dir) throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "allow-test-token");
    int adminPort = TestService.freePort();
    JsonObject config = TestService.config(1)
        .put("admin", new JsonObject().put("port", adminPort).put("tokenFile", token.toString()));
    int port = service.start(config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).port();
    String[][] cases = {
        {"PATCH /work/cpu", "GET, POST"}, {"GET /work/hash", "POST"}, {"DELETE /health", "GET"}, {"HEAD /stats", "GET"}};
    for (String[] c : cases) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.getOutputStream().write((c[0] + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        Seen seen = readUntilClosed(socket, 3000);
        assertEquals(405, seen.status(), c[0] + ": " + seen.text());
        assertTrue(seen.text().contains("\r\nAllow: " + c[1] + "\r\n"), c[0] + ": " + seen.text());
      }
    }
    // The admin API's own listener: a wrong method is 405 there too, not 404.
    try (Socket socket = new Socket("127.0.0.1", adminPort)) {
      socket.getOutputStream().write(("DELETE /admin/config HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer"
          + " allow-test-token\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      Seen seen = readUntilClosed(socket, 3000);
      assertEquals(405, seen.status(), seen.text());
      assertTrue(seen.text().contains("\r\nAllow: GET, PUT\r\n"), seen.text());
      assertEquals("method_not_allowed", seen.body().getString("error"));
    }
  }

  @Test
  void aRequestLineOrHeadersPastTheirLimitsGetJson414And431() throws Exception {
    int port = start(new JsonObject().put("maxInitialLineBytes", 512).put("maxHeaderBytes", 1024));
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(("GET /work/cpu?seed=" + "a".repeat(600) + " HTTP/1.1\r\nHost: x\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      Seen seen = readUntilClosed(socket, 3000);
      assertEquals(414, seen.status(), seen.text());
      assertTrue(seen.body().getString("message").contains("http.maxInitialLineBytes, 512 bytes"), seen.text());
    }
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(1200) + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      Seen seen = readUntilClosed(socket, 3000);
      assertEquals(431, seen.status(), seen.text());
      assertEquals("headers_too_large", seen.body().getString("error"));
      assertTrue(seen.closed());
    }
    assertEquals(2, closed(port, "malformed"));
  }
}
