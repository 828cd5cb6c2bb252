package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.workload.ParamSpec;
import dev.offload.workload.Params;
import dev.offload.workload.Workload;
import dev.offload.workload.Workloads;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A request whose work is running is never cut: not by the idle timeout after an interim 100 Continue, not when it
 * waits pipelined behind another, not by the drain's sweep of idle connections; and a drain waits for running work
 * whose client has gone, so the stop that follows does not interrupt it. (Each case was first a failing reproduction
 * of a review finding.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunningWorkIsNotCutTest {
  private final TestService service = new TestService();

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  /** Blocks 3 s; notes whether it was interrupted. */
  static final class Nap implements Workload {
    static final AtomicBoolean interrupted = new AtomicBoolean();
    static final AtomicInteger finished = new AtomicInteger();

    @Override
    public String name() {
      return "nap";
    }

    @Override
    public List<ParamSpec> params() {
      return List.of();
    }

    @Override
    public Object run(Params params) throws Exception {
      try {
        Thread.sleep(3000);
        finished.incrementAndGet();
        return "rested";
      } catch (InterruptedException e) {
        interrupted.set(true);
        throw e;
      }
    }
  }

  private static String readUntilClosed(Socket socket, long waitMs, long[] closedAfterMs) throws Exception {
    long start = System.nanoTime();
    socket.setSoTimeout((int) waitMs);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    try {
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) >= 0) {
        got.write(buf, 0, n);
      }
      closedAfterMs[0] = (System.nanoTime() - start) / 1_000_000;
    } catch (SocketTimeoutException stillOpen) {
      closedAfterMs[0] = -1;
    } catch (SocketException reset) {
      closedAfterMs[0] = (System.nanoTime() - start) / 1_000_000;
    }
    return got.toString(StandardCharsets.ISO_8859_1);
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private OffloadServer start(JsonObject http, JsonObject shutdown) throws Exception {
    JsonObject config = TestService.config(1);
    config.getJsonObject("http").mergeIn(http);
    if (shutdown != null) {
      config.put("shutdown", shutdown);
    }
    config.remove("workloads");
    config.getJsonObject("routes").put("nap", new JsonObject().put("strategy", "worker-pool").put("pool", "cpu"));
    Workloads workloads = Workloads.of(new Nap(), new dev.offload.workload.SleepWorkload());
    return service.start(config, workloads).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** A POST with Expect: 100-continue: an interim 100 answer goes out before the body, which answers nothing yet. */
  private static Socket postWithExpectContinue(int port) throws Exception {
    Socket socket = new Socket("127.0.0.1", port);
    byte[] body = "{\"ms\":3000}".getBytes(StandardCharsets.US_ASCII);
    OutputStream out = socket.getOutputStream();
    out.write(("POST /work/sleep HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    socket.setSoTimeout(5000);
    byte[] buf = new byte[256];
    int n = socket.getInputStream().read(buf);
    String interim = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    assertTrue(interim.startsWith("HTTP/1.1 100"), interim);
    out.write(body);
    out.flush();
    return socket;
  }

  @Test
  void anExpectContinueRequestOutlivesTheIdleTimeoutWhileItsWorkRuns() throws Exception {
    OffloadServer server = start(new JsonObject().put("idleTimeoutSeconds", 1), null);
    try (Socket socket = postWithExpectContinue(server.port())) {
      long[] closedAfter = new long[1];
      String rest = readUntilClosed(socket, 8000, closedAfter);
      System.out.println("expect-continue + idle: closed after " + closedAfter[0] + " ms, got: [" + rest + "]");
      assertTrue(rest.startsWith("HTTP/1.1 200"), "answered 200, got [" + rest + "] closed after " + closedAfter[0]);
    }
  }

  @Test
  void aPipelinedRequestOutlivesTheIdleTimeoutWhileItsWorkRuns() throws Exception {
    OffloadServer server = start(new JsonObject().put("idleTimeoutSeconds", 1), null);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write(("GET /work/sleep?ms=10 HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /work/sleep?ms=3000 HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      long[] closedAfter = new long[1];
      String got = readUntilClosed(socket, 8000, closedAfter);
      System.out.println("pipelined + idle: closed after " + closedAfter[0] + " ms, answers: "
          + count(got, "HTTP/1.1 200"));
      assertEquals(2, count(got, "HTTP/1.1 200"), got);
    }
  }

  @Test
  void theDrainsSweepLeavesAnExpectContinueRequestWhoseWorkRuns() throws Exception {
    OffloadServer server = start(new JsonObject(), new JsonObject().put("graceMs", 0).put("timeoutMs", 10_000));
    try (Socket socket = postWithExpectContinue(server.port())) {
      Thread.sleep(200);
      server.drain();
      long[] closedAfter = new long[1];
      String rest = readUntilClosed(socket, 8000, closedAfter);
      System.out.println("expect-continue + drain: closed after " + closedAfter[0] + " ms, got: [" + rest + "]");
      assertTrue(rest.startsWith("HTTP/1.1 200"), "answered 200, got [" + rest + "] closed after " + closedAfter[0]);
    }
  }

  @Test
  void aStrayCrlfAfterABodyDoesNotStartTheHeadTimer() throws Exception {
    OffloadServer server = start(new JsonObject().put("requestHeaderTimeoutMs", 400), null);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /work/sleep HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
          + "{\"ms\":2000}").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(100);
      // One stray CRLF after the POST body (RFC 9112 section 2.2: a server should ignore it).
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long[] closedAfter = new long[1];
      String got = readUntilClosed(socket, 5000, closedAfter);
      System.out.println("stray CRLF + head timer: closed after " + closedAfter[0] + " ms, got: [" + got + "]");
      assertTrue(got.startsWith("HTTP/1.1 200"), "answered 200, got [" + got + "]");
    }
  }

  @Test
  void theDrainWaitsForWorkWhoseClientLeftAndTheStopDoesNotInterruptIt() throws Exception {
    Nap.interrupted.set(false);
    OffloadServer server = start(new JsonObject(), new JsonObject().put("graceMs", 0).put("timeoutMs", 10_000));
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write("GET /work/nap HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      Thread.sleep(300);
    }
    Thread.sleep(200);
    long t0 = System.nanoTime();
    server.drain().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    long drainMs = (System.nanoTime() - t0) / 1_000_000;
    server.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    Thread.sleep(200);
    System.out.println("drain took " + drainMs + " ms; running work interrupted by close: " + Nap.interrupted.get()
        + ", finished: " + Nap.finished.get());
    assertFalse(Nap.interrupted.get(), "running work was interrupted by the stop after a drain of " + drainMs + " ms");
  }

  @Test
  void pastItsTimeoutTheDrainEndsAndSaysWhatStillRuns() throws Exception {
    OffloadServer server = start(new JsonObject(), new JsonObject().put("graceMs", 0).put("timeoutMs", 500));
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write("GET /work/nap HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      Thread.sleep(300);
      long t0 = System.nanoTime();
      server.drain().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      long drainMs = (System.nanoTime() - t0) / 1_000_000;
      long[] closedAfter = new long[1];
      String answer = readUntilClosed(socket, 5000, closedAfter);
      assertTrue(answer.startsWith("HTTP/1.1 503"), "answered draining at the deadline: " + answer);
      assertTrue(answer.contains("\"draining\""), answer);
      assertTrue(drainMs >= 450 && drainMs < 2500, "the drain ended at its timeout: " + drainMs + " ms");
      assertEquals(1, server.runningWork(), "the nap still runs, and the CLI exits without interrupting it");
    }
  }
}
