package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.workload.ParamSpec;
import dev.offload.workload.Params;
import dev.offload.workload.SleepWorkload;
import dev.offload.workload.Workload;
import dev.offload.workload.Workloads;
import io.vertx.core.json.JsonObject;
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

  private OffloadServer start(JsonObject http, JsonObject shutdown) throws Exception {
    JsonObject config = TestService.config(1);
    config.getJsonObject("http").mergeIn(http);
    if (shutdown != null) {
      config.put("shutdown", shutdown);
    }
    config.remove("workloads");
    config.getJsonObject("routes").put("nap", new JsonObject().put("strategy", "worker-pool").put("pool", "cpu"));
    Workloads workloads = Workloads.of(new Nap(), new SleepWorkload());
    return service.start(config, workloads).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** A POST with Expect: 100-continue: an interim 100 answer goes out before the body, which answers nothing yet. */
  private static RawHttp postWithExpectContinue(int port) throws Exception {
    RawHttp http = RawHttp.connect(port);
    String body = "{\"ms\":3000}";
    http.send("POST /work/sleep HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length() + "\r\nExpect: 100-continue\r\n\r\n");
    RawHttp.Response interim = http.read();
    assertEquals(100, interim.status(), interim.toString());
    http.send(body);
    return http;
  }

  @Test
  void anExpectContinueRequestOutlivesTheIdleTimeoutWhileItsWorkRuns() throws Exception {
    OffloadServer server = start(new JsonObject().put("idleTimeoutSeconds", 1), null);
    try (RawHttp http = postWithExpectContinue(server.port())) {
      RawHttp.Response answer = http.read();
      assertEquals(200, answer.status(), answer.toString());
    }
  }

  @Test
  void aPipelinedRequestOutlivesTheIdleTimeoutWhileItsWorkRuns() throws Exception {
    OffloadServer server = start(new JsonObject().put("idleTimeoutSeconds", 1), null);
    try (RawHttp http = RawHttp.connect(server.port())) {
      http.send("GET /work/sleep?ms=10 HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /work/sleep?ms=3000 HTTP/1.1\r\nHost: x\r\n\r\n");
      for (int i = 0; i < 2; i++) {
        RawHttp.Response answer = http.read();
        assertEquals(200, answer.status(), "answer " + (i + 1) + ": " + answer);
      }
    }
  }

  @Test
  void theDrainsSweepLeavesAnExpectContinueRequestWhoseWorkRuns() throws Exception {
    OffloadServer server = start(new JsonObject(), new JsonObject().put("graceMs", 0).put("timeoutMs", 10_000));
    try (RawHttp http = postWithExpectContinue(server.port())) {
      Thread.sleep(200);
      server.drain();
      RawHttp.Response answer = http.read();
      assertEquals(200, answer.status(), answer.toString());
    }
  }

  @Test
  void aStrayCrlfAfterABodyDoesNotStartTheHeadTimer() throws Exception {
    OffloadServer server = start(new JsonObject().put("requestHeaderTimeoutMs", 400), null);
    try (RawHttp http = RawHttp.connect(server.port())) {
      http.send("POST /work/sleep HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
          + "{\"ms\":2000}");
      Thread.sleep(100);
      // One stray CRLF after the POST body (RFC 9112 section 2.2: a server should ignore it).
      http.send("\r\n");
      RawHttp.Response answer = http.read();
      assertEquals(200, answer.status(), answer.toString());
    }
  }

  @Test
  void theDrainWaitsForWorkWhoseClientLeftAndTheStopDoesNotInterruptIt() throws Exception {
    Nap.interrupted.set(false);
    OffloadServer server = start(new JsonObject(), new JsonObject().put("graceMs", 0).put("timeoutMs", 10_000));
    try (RawHttp http = RawHttp.connect(server.port())) {
      http.send("GET /work/nap HTTP/1.1\r\nHost: x\r\n\r\n");
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
    try (RawHttp http = RawHttp.connect(server.port())) {
      http.send("GET /work/nap HTTP/1.1\r\nHost: x\r\n\r\n");
      Thread.sleep(300);
      long t0 = System.nanoTime();
      server.drain().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      long drainMs = (System.nanoTime() - t0) / 1_000_000;
      RawHttp.Response answer = http.read();
      assertEquals(503, answer.status(), "answered draining at the deadline: " + answer);
      assertEquals("draining", answer.json().getString("error"), answer.toString());
      assertTrue(drainMs >= 450 && drainMs < 2500, "the drain ended at its timeout: " + drainMs + " ms");
      assertEquals(1, server.runningWork(), "the nap still runs, and the CLI exits without interrupting it");
    }
  }
}
