package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.workload.Workloads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Work goes to an idle worker-verticle instance, never behind a busy one while another is free. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class WorkerVerticleTest {
  private final TestService service = new TestService();
  private final GateWorkload gate = new GateWorkload();

  @AfterEach
  void stop() throws Exception {
    gate.open();
    service.close();
  }

  @Test
  void shortWorkKeepsFlowingWhileOneInstanceIsHeld(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestService.config(2);
    config.getJsonObject("pools").put("wv", new JsonObject().put("size", 2));
    config.getJsonObject("routes")
        .put("gate", TestService.route("worker-verticle").put("pool", "wv"))
        .put("sleep", TestService.route("worker-verticle").put("pool", "wv"));
    HttpClient client = vertx.createHttpClient();
    service.start(config, Workloads.builtIn().plus(gate)).compose(server -> {
      Future<Http.Reply> held = Http.get(client, server.port(), "/work/gate");
      Set<String> threads = new HashSet<>();
      // Event-bus round-robin alone would send every other one of these to the held instance, where it would wait.
      Future<Void> chain = Stats.await(vertx, client, server.port(), s -> Stats.pool(s, "wv").getInteger("running") == 1)
          .mapEmpty();
      for (int i = 0; i < 4; i++) {
        chain = chain.compose(x -> Http.get(client, server.port(), "/work/sleep?ms=5").map(reply -> {
          assertEquals(200, reply.status(), reply.body());
          threads.add(reply.json().getString("thread"));
          return null;
        }));
      }
      return chain.map(x -> {
        assertEquals(1, gate.started.get());
        assertEquals(1, threads.size(), "all ran on the one free instance's thread: " + threads);
        gate.open();
        return held;
      }).compose(x -> held);
    }).onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
      assertEquals(200, reply.status());
      assertTrue(reply.json().getString("thread").startsWith("offload-wv-"));
      ctx.completeNow();
    })));
  }
}
