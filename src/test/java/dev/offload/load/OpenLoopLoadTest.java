package dev.offload.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The load generator measures what a server does: a fixed delay as it is, and a stall in full. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class OpenLoopLoadTest {

  private static LoadPlan plan(int port, double rate, long durationMs) {
    return new LoadPlan("127.0.0.1", port, List.of(LoadRequest.get("/")), rate, 500, durationMs, 200, 30_000, Map.of(), 1000);
  }

  @Test
  void aFixedDelayIsMeasuredAsItIs(Vertx vertx, VertxTestContext ctx) throws Exception {
    // The server answers every request 100 ms later, without blocking: latency should be 100 ms plus little.
    Vertx serverVertx = Vertx.vertx();
    int port = listen(serverVertx.createHttpServer()
        .requestHandler(req -> serverVertx.setTimer(100, id -> req.response().end("ok"))));
    new OpenLoopLoad(vertx, plan(port, 100, 2000)).run()
        .eventually(() -> serverVertx.close())
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertEquals(200, result.sent(), "2 s at 100/s, warm-up excluded");
          assertEquals(200, result.ok());
          assertEquals(0, result.errors());
          double p50 = LoadResult.ms(result.success(), 50);
          assertTrue(p50 >= 100 && p50 <= 110, "p50 " + p50 + " ms, expected 100 ms within 10%");
          // The generator kept its schedule (p99 is reported, not asserted: a shared 2-core machine has hiccups).
          assertTrue(LoadResult.ms(result.sendLag(), 50) < 2, "send lag p50 " + LoadResult.ms(result.sendLag(), 50));
          System.out.println("fixed delay: " + result.toJson().encode());
          ctx.completeNow();
        })));
  }

  @Test
  void aOneSecondStallShowsInFullNotAsOneSlowRequest(Vertx vertx, VertxTestContext ctx) throws Exception {
    // One connection's worth of server: the first request after 1 s blocks the server's loop for 1 s.
    AtomicBoolean stalled = new AtomicBoolean();
    long started = System.nanoTime();
    Vertx serverVertx = Vertx.vertx();
    int port = listen(serverVertx.createHttpServer()
        .requestHandler(req -> {
          if (System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(1500) && stalled.compareAndSet(false, true)) {
            sleep(1000);
          }
          req.response().end("ok");
        }));
    new OpenLoopLoad(vertx, plan(port, 100, 3000)).run()
        .eventually(() -> serverVertx.close())
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertTrue(stalled.get(), "the stall happened during the measured phase");
          assertEquals(300, result.ok());
          double max = LoadResult.maxMs(result.success());
          assertTrue(max >= 950, "max " + max + " ms shows the 1 s stall");
          // Requests due during the stall all waited: about 100 of them at 100/s, half of them over 500 ms.
          long over500 = result.success().getCountBetweenValues(500_000, Long.MAX_VALUE / 2);
          assertTrue(over500 >= 40, over500 + " requests over 500 ms; a closed loop would show one");
          ctx.completeNow();
        })));
  }

  /** Listens on a free loopback port, waiting here so that the load starts from this test thread. */
  private static int listen(HttpServer server) throws Exception {
    return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .actualPort();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
