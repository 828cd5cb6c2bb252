package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.load.LoadPlan;
import dev.offload.load.OpenLoopLoad;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Little's law, measured: 8 threads each sleeping 100 ms complete 80 per second, however much more is offered. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class LittlesLawTest {
  private final TestService service = new TestService();

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  @Test
  void eightThreadsOf100MsSleepComplete80PerSecondUnder8xOverload(Vertx vertx, VertxTestContext ctx)
      throws Exception {
    JsonObject config = TestService.config(2);
    // A short queue: the excess is refused at once instead of piling up, so the run ends when its load does.
    config.getJsonObject("pools").put("io", new JsonObject().put("size", 8).put("maxQueue", 8)
        .put("maxQueueWaitMs", 1000));
    config.getJsonObject("routes").put("sleep", TestService.route("worker-pool").put("pool", "io"));
    // Started from this test thread: the load runs on the test's Vert.x, the service on its own. 3 s of warm-up:
    // until the JIT has compiled the 503 path, the flood of refusals slows the loops that hand out permits.
    OffloadServer server = service.start(config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    new OpenLoopLoad(vertx, new LoadPlan("127.0.0.1", server.port(), List.of(dev.offload.load.LoadRequest.get("/work/sleep?ms=100")), 640, 3000, 5000,
            400, 30_000, Map.of(), 1000)).run()
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertEquals(3200, result.sent());
          assertEquals(result.sent(), result.ok() + result.overloaded() + result.deadlineExceeded()
              + result.otherStatus() + result.errors(), "every request answered");
          double perSecond = result.completedPerSecond();
          assertTrue(perSecond >= 72 && perSecond <= 88, perSecond + " completed/s, Little's law says 8 / 0.1 s = 80");
          assertTrue(result.overloaded() > 2000, "the excess was refused: " + result.overloaded());
          ctx.completeNow();
        })));
  }
}
