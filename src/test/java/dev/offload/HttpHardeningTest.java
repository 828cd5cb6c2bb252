package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
    try (RawHttp http = RawHttp.connect(port)) {
      long t0 = System.nanoTime();
      http.send("GET /health HTTP/1.1\r\nHost: x\r\n");
      // One header line every 100 ms: bytes keep coming, but the head never ends.
      Thread trickle = new Thread(() -> {
        try {
          for (int i = 0; i < 50; i++) {
            http.send("X-Slow-" + i + ": y\r\n");
            Thread.sleep(100);
          }
        } catch (IOException | InterruptedException closedUnderUs) {
          // the server closed the connection: the point of the test
        }
      });
      trickle.start();
      RawHttp.Response answer = http.read();
      long afterMs = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(408, answer.status(), answer.toString());
      assertEquals("close", answer.header("Connection"), answer.toString());
      assertEquals("request_timeout", answer.json().getString("error"));
      assertTrue(afterMs >= HEAD_TIMEOUT_MS - 100 && afterMs < HEAD_TIMEOUT_MS + 2000, "after " + afterMs + " ms");
      trickle.join(5000);
      http.awaitClose(1000);
    }
    assertEquals(1, closed(port, "requestTimeout"));
  }

  @Test
  void aLaterHeadOnAKeptAliveConnectionHasItsOwnDeadline() throws Exception {
    int port = start(new JsonObject());
    try (RawHttp http = RawHttp.connect(port)) {
      // Half the timeout into the connection, one whole request; then a head that never ends.
      Thread.sleep(HEAD_TIMEOUT_MS / 2);
      http.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals(200, http.read().status());
      long t0 = System.nanoTime();
      http.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Never: ending\r\n");
      RawHttp.Response answer = http.read();
      long afterMs = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(408, answer.status(), answer.toString());
      // Due a whole timeout after its own first byte: not when the connection's first head was due.
      assertTrue(afterMs >= HEAD_TIMEOUT_MS - 100 && afterMs < HEAD_TIMEOUT_MS + 2000, "after " + afterMs + " ms");
      http.awaitClose(1000);
    }
    assertEquals(1, closed(port, "requestTimeout"));
  }

  @Test
  void blankLinesOrNothingAreClosedWithoutAnAnswerWhenTheHeadIsDue() throws Exception {
    int port = start(new JsonObject());
    try (RawHttp blank = RawHttp.connect(port); RawHttp silent = RawHttp.connect(port)) {
      for (int i = 0; i < 3; i++) {
        blank.send("\r\n");
        Thread.sleep(50);
      }
      // Closed within the head timeout, with no byte back: no request line, so no answer.
      blank.awaitClose(HEAD_TIMEOUT_MS + 2000);
      silent.awaitClose(HEAD_TIMEOUT_MS + 2000);
    }
    assertEquals(2, closed(port, "headerTimeout"));
  }

  @Test
  void anIdleConnectionIsClosedButALongRequestIsNot() throws Exception {
    int port = start(new JsonObject().put("idleTimeoutSeconds", 1));
    try (RawHttp http = RawHttp.connect(port)) {
      // The work takes 1.5 s without a byte on the wire: longer than the idle timeout, and still answered.
      http.send("GET /work/sleep?ms=1500 HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response answer = http.read();
      assertEquals(200, answer.status(), answer.toString());
      long closedAfterMs = http.awaitClose(4000);
      assertTrue(closedAfterMs >= 2400, "1.5 s of work and 1 s idle: " + closedAfterMs + " ms");
    }
    assertEquals(1, closed(port, "idle"));
  }

  @Test
  void anUnsupportedHttpVersionGets505() throws Exception {
    int port = start(new JsonObject());
    for (String version : List.of("HTTP/9.9", "HTTP/1.2", "HTTP/2.0")) {
      try (RawHttp http = RawHttp.connect(port)) {
        http.send("GET /health " + version + "\r\nHost: x\r\n\r\n");
        RawHttp.Response answer = http.read();
        assertEquals(505, answer.status(), answer.toString());
        assertEquals("http_version_not_supported", answer.json().getString("error"));
        assertTrue(answer.json().getString("message").contains(version), answer.toString());
        http.awaitClose(3000);
      }
    }
    assertEquals(3, closed(port, "versionNotSupported"));
  }

  @Test
  void connectionsPastTheCapAreClosedAtOnceAndCounted() throws Exception {
    int port = start(new JsonObject().put("maxConnections", 3));
    try (RawHttp a = RawHttp.connect(port); RawHttp b = RawHttp.connect(port); RawHttp c = RawHttp.connect(port)) {
      // Each of the three is served, so all three are open on the server's side before the fourth comes.
      for (RawHttp http : List.of(a, b, c)) {
        assertEquals(200, http.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
      }
      try (RawHttp fourth = RawHttp.connect(port)) {
        // Closed at once with no answer, not by a timeout.
        fourth.awaitClose(HEAD_TIMEOUT_MS - 100);
      }
      // Read /stats on a connection the cap already counts (a new one would be refused too).
      JsonObject http = c.send("GET /stats HTTP/1.1\r\nHost: x\r\n\r\n").read().json().getJsonObject("http");
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
        {"PATCH /work/cpu", "GET, POST"}, {"GET /work/hash", "POST"}, {"DELETE /health", "GET"},
        {"HEAD /stats", "GET"}};
    for (String[] c : cases) {
      try (RawHttp http = RawHttp.connect(port)) {
        RawHttp.Response answer = http.send(c[0] + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
        assertEquals(405, answer.status(), c[0] + ": " + answer);
        assertEquals(c[1], answer.header("Allow"), c[0] + ": " + answer);
      }
    }
    // The admin API's own listener: a wrong method is 405 there too, not 404.
    try (RawHttp http = RawHttp.connect(adminPort)) {
      RawHttp.Response answer = http.send("DELETE /admin/config HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer"
          + " allow-test-token\r\nConnection: close\r\n\r\n").read();
      assertEquals(405, answer.status(), answer.toString());
      assertEquals("GET, PUT", answer.header("Allow"), answer.toString());
      assertEquals("method_not_allowed", answer.json().getString("error"));
    }
  }

  @Test
  void aRequestLineOrHeadersPastTheirLimitsGetJson414And431() throws Exception {
    int port = start(new JsonObject().put("maxInitialLineBytes", 512).put("maxHeaderBytes", 1024));
    try (RawHttp http = RawHttp.connect(port)) {
      RawHttp.Response answer = http.send("GET /work/cpu?seed=" + "a".repeat(600) + " HTTP/1.1\r\nHost: x\r\n\r\n")
          .read();
      assertEquals(414, answer.status(), answer.toString());
      assertTrue(answer.json().getString("message").contains("http.maxInitialLineBytes, 512 bytes"), answer.toString());
    }
    try (RawHttp http = RawHttp.connect(port)) {
      RawHttp.Response answer = http.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(1200)
          + "\r\n\r\n").read();
      assertEquals(431, answer.status(), answer.toString());
      assertEquals("headers_too_large", answer.json().getString("error"));
      http.awaitClose(3000);
    }
    assertEquals(2, closed(port, "malformed"));
  }
}
