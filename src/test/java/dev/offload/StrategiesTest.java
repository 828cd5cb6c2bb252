package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.workload.CpuWorkload;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every strategy computes the right digest and runs it on the kind of thread it promises. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class StrategiesTest {
  private static final String SEED = "offload-ü";
  private static final int ITERATIONS = 1000;
  private final TestService service = new TestService();

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  @Test
  void eventLoopRunsOnTheInstancesOwnEventLoop(Vertx vertx, VertxTestContext ctx) {
    check(vertx, ctx, TestService.route("event-loop"), "event-loop", body -> {
      assertEquals(body.getString("eventLoop"), body.getString("thread"), "the work ran on the loop that took it");
      assertTrue(body.getString("thread").startsWith("vert.x-eventloop-thread-"), body.encode());
      assertEquals("event-loop", body.getString("context"));
    });
  }

  @Test
  void executeBlockingRunsOnTheDefaultWorkerPool(Vertx vertx, VertxTestContext ctx) {
    check(vertx, ctx, TestService.route("execute-blocking").put("ordered", true), "default", body -> {
      assertTrue(body.getString("thread").startsWith("vert.x-worker-thread-"), body.encode());
      assertTrue(body.getBoolean("ordered"), body.encode());
      // executeBlocking keeps the caller's context: the HTTP instance's event-loop context.
      assertEquals("event-loop", body.getString("context"));
    });
  }

  @Test
  void workerPoolRunsOnItsNamedPool(Vertx vertx, VertxTestContext ctx) {
    check(vertx, ctx, TestService.route("worker-pool").put("pool", "cpu"), "cpu", body -> {
      assertTrue(body.getString("thread").startsWith("offload-cpu-"), body.encode());
      assertEquals("event-loop", body.getString("context"));
    });
  }

  @Test
  void workerVerticleRunsInsideAWorkerVerticleOnThePoolsThreads(Vertx vertx, VertxTestContext ctx) {
    check(vertx, ctx, TestService.route("worker-verticle").put("pool", "cpu"), "cpu", body -> {
      assertTrue(body.getString("thread").startsWith("offload-cpu-"), body.encode());
      assertEquals("worker", body.getString("context"), "ran as a worker verticle's handler");
    });
  }

  @Test
  void virtualThreadRunsOnAVirtualThread(Vertx vertx, VertxTestContext ctx) {
    Assumptions.assumeTrue(Runtime.version().feature() >= 21,
        "virtual threads need Java 21+; this JVM is Java " + Runtime.version().feature());
    check(vertx, ctx, TestService.route("virtual-thread"), "virtual", body -> {
      assertTrue(body.getBoolean("virtual"), body.encode());
      assertEquals("virtual-thread", body.getString("context"));
    });
  }

  private void check(Vertx vertx, VertxTestContext ctx, JsonObject route, String pool,
      java.util.function.Consumer<JsonObject> threadCheck) {
    JsonObject config = TestService.config(2);
    config.getJsonObject("routes").put("cpu", route);
    String expected = CpuWorkload.digestChain(SEED, ITERATIONS);
    WebClient client = WebClient.create(vertx);
    service.start(config)
        .compose(server -> client.get(server.port(), "127.0.0.1", "/work/cpu")
            .addQueryParam("iterations", Integer.toString(ITERATIONS))
            .addQueryParam("seed", SEED)
            .send()
            .compose(resp -> client.get(server.port(), "127.0.0.1", "/stats").send()
                .map(stats -> new JsonObject().put("work", resp.bodyAsJsonObject()).put("status", resp.statusCode())
                    .put("stats", stats.bodyAsJsonObject()))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          JsonObject body = all.getJsonObject("work");
          assertEquals(200, all.getInteger("status"), body.encode());
          assertEquals(expected, body.getString("result"), "SHA-256 chain");
          assertEquals("cpu", body.getString("workload"));
          assertEquals(route.getString("strategy"), body.getString("strategy"));
          assertEquals(pool, body.getString("pool"));
          assertEquals(ProcessHandle.current().pid(), body.getLong("pid"));
          assertTrue(body.getDouble("serviceMs") > 0, body.encode());
          assertTrue(body.getDouble("queuedMs") >= 0, body.encode());
          if (!pool.equals("virtual")) {
            assertFalse(body.getBoolean("virtual"), body.encode());
          }
          threadCheck.accept(body);
          JsonObject poolStats = all.getJsonObject("stats").getJsonObject("pools").getJsonObject(pool);
          assertEquals(1L, poolStats.getLong("admitted"), poolStats.encode());
          assertEquals(1L, poolStats.getLong("completed"), poolStats.encode());
          assertEquals(0L, poolStats.getLong("failed"), poolStats.encode());
          assertEquals(0L, poolStats.getLong("queued"), poolStats.encode());
          assertEquals(0L, poolStats.getLong("running"), poolStats.encode());
          ctx.completeNow();
        })));
  }
}
