package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Long CPU work on the event loop delays /health on that instance; on a worker pool it does not. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class EventLoopBlockingTest {
  // About a second of SHA-256 rounds on this machine; the assertions scale with the measured serviceMs.
  private static final int ITERATIONS = 2_000_000;
  private static final int HEALTH_AFTER_MS = 100;
  private final TestService service = new TestService();

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  @Test
  void eventLoopWorkDelaysHealth(Vertx vertx, VertxTestContext ctx) {
    cpuThenHealth(vertx, "event-loop").onComplete(ctx.succeeding(run -> ctx.verify(() -> {
      // /health could only be answered once the work let go of the loop.
      assertTrue(run.healthMs >= (run.serviceMs - HEALTH_AFTER_MS) * 0.8,
          "health took " + run.healthMs + " ms while the work ran " + run.serviceMs + " ms on its loop");
      assertTrue(run.maxLagMs >= run.serviceMs * 0.5, "lag probe saw " + run.maxLagMs + " ms");
      ctx.completeNow();
    })));
  }

  @Test
  void workerPoolWorkLeavesHealthFast(Vertx vertx, VertxTestContext ctx) {
    cpuThenHealth(vertx, "worker-pool").onComplete(ctx.succeeding(run -> ctx.verify(() -> {
      assertTrue(run.healthMs < run.serviceMs / 3,
          "health took " + run.healthMs + " ms while the work ran " + run.serviceMs + " ms on the pool");
      ctx.completeNow();
    })));
  }

  private record Run(double serviceMs, double healthMs, double maxLagMs) {
  }

  private Future<Run> cpuThenHealth(Vertx vertx, String strategy) {
    JsonObject config = TestService.config(1);
    JsonObject route = TestService.route(strategy);
    if (strategy.equals("worker-pool")) {
      route.put("pool", "cpu");
    }
    config.getJsonObject("routes").put("cpu", route);
    HttpClient client = vertx.createHttpClient();
    return service.start(config).compose(server -> {
      Future<Http.Reply> work = Http.get(client, server.port(), "/work/cpu?iterations=" + ITERATIONS);
      Promise<Http.Reply> health = Promise.promise();
      vertx.setTimer(HEALTH_AFTER_MS, id -> Http.get(client, server.port(), "/health").onComplete(health));
      return Future.all(work, health.future())
          .compose(both -> Http.get(client, server.port(), "/stats"))
          .map(stats -> {
            assertEquals(200, work.result().status(), work.result().body());
            assertEquals(200, health.future().result().status());
            assertEquals("up", health.future().result().json().getString("status"));
            double maxLag = stats.json().getJsonArray("instances").getJsonObject(0)
                .getJsonObject("eventLoopLagMs").getDouble("max");
            return new Run(work.result().json().getDouble("serviceMs"), health.future().result().elapsedMs(), maxLag);
          });
    });
  }
}
