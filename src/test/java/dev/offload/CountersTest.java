package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.workload.Workloads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** After a run that ends requests every way there is, /stats and /metrics count each one, and the counts add up. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class CountersTest {
  private final TestService service = new TestService();
  private final GateWorkload gate = new GateWorkload();

  @AfterEach
  void stop() throws Exception {
    gate.open();
    service.close();
  }

  @Test
  void aMixedRunIsCountedExactly(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestService.config(2);
    config.getJsonObject("pools").put("gate", new JsonObject().put("size", 1).put("maxQueue", 2));
    config.getJsonObject("routes")
        .put("gate", TestService.route("worker-pool").put("pool", "gate"))
        .put("boom", TestService.route("worker-pool").put("pool", "io"));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
        new PoolOptions().setHttp1MaxSize(20));
    service.start(config, Workloads.builtIn().plus(gate).plus(new FailingWorkload())).compose(server -> {
      int port = server.port();
      Future<Http.Reply> a = Http.get(client, port, "/work/gate");
      return Stats.await(vertx, client, port, s -> Stats.pool(s, "gate").getInteger("running") == 1)
          // b: queued, then its client leaves.
          .compose(x -> vertx.createNetClient().connect(port, "127.0.0.1"))
          .compose(socket -> socket.write("GET /work/gate HTTP/1.1\r\nHost: x\r\n\r\n")
              .compose(sent -> Stats.await(vertx, client, port, s -> Stats.pool(s, "gate").getInteger("queued") == 1))
              .compose(queued -> socket.close()))
          .compose(x -> Stats.await(vertx, client, port, s -> Stats.pool(s, "gate").getLong("cancelled") == 1))
          // c: queued with a 50 ms deadline of its own.
          .compose(x -> client.request(HttpMethod.GET, port, "127.0.0.1", "/work/gate")
              .compose(req -> req.putHeader("X-Request-Timeout-Ms", "50").send())
              .compose(resp -> resp.body().map(body -> resp.statusCode())))
          .compose(cStatus -> {
            ctx.verify(() -> assertEquals(504, cStatus));
            // d and e fill the queue; f is refused.
            Future<Http.Reply> d = Http.get(client, port, "/work/gate");
            Future<Http.Reply> e = Http.get(client, port, "/work/gate");
            return Stats.await(vertx, client, port, s -> Stats.pool(s, "gate").getInteger("queued") == 2)
                .compose(x -> Http.get(client, port, "/work/gate"))
                .compose(f -> {
                  ctx.verify(() -> assertEquals(503, f.status(), f.body()));
                  gate.open();
                  return Future.all(a, d, e);
                });
          })
          .compose(x -> Http.get(client, port, "/work/boom"))
          .compose(boom -> {
            ctx.verify(() -> assertEquals(500, boom.status()));
            return Future.all(Http.get(client, port, "/stats"), Http.get(client, port, "/metrics"));
          })
          .map(both -> List.of((Http.Reply) both.resultAt(0), (Http.Reply) both.resultAt(1)));
    }).onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
      JsonObject stats = replies.get(0).json();
      JsonObject gatePool = Stats.pool(stats, "gate");
      assertEquals(5L, gatePool.getLong("admitted"), gatePool.encode());
      assertEquals(3L, gatePool.getLong("completed"), gatePool.encode());
      assertEquals(1L, gatePool.getLong("expired"), gatePool.encode());
      assertEquals(1L, gatePool.getLong("cancelled"), gatePool.encode());
      assertEquals(1L, gatePool.getLong("rejected"), gatePool.encode());
      assertEquals(0L, gatePool.getLong("failed"), gatePool.encode());
      assertEquals(0L, gatePool.getLong("drained"), gatePool.encode());
      Stats.assertAddsUp(gatePool);
      assertEquals(3, gate.started.get(), "only a, d and e ran");
      JsonObject io = Stats.pool(stats, "io");
      assertEquals(1L, io.getLong("failed"));
      Stats.assertAddsUp(io);
      for (String pool : stats.getJsonObject("pools").fieldNames()) {
        Stats.assertAddsUp(Stats.pool(stats, pool));
      }
      assertEquals(0, stats.getInteger("inFlight"), "every request answered");
      String metrics = replies.get(1).body();
      for (String line : new String[] {
          "offload_pool_admitted_total{pool=\"gate\"} 5.0",
          "offload_pool_completed_total{pool=\"gate\"} 3.0",
          "offload_pool_expired_total{pool=\"gate\"} 1.0",
          "offload_pool_cancelled_total{pool=\"gate\"} 1.0",
          "offload_pool_rejected_total{pool=\"gate\"} 1.0",
          "offload_pool_drained_total{pool=\"gate\"} 0.0",
          "offload_pool_failed_total{pool=\"io\"} 1.0",
          "offload_pool_limit{pool=\"gate\"} 1.0",
          "outcome=\"cancelled\",route=\"gate\"",
          "outcome=\"deadline_exceeded\",route=\"gate\"",
          "outcome=\"overloaded\",route=\"gate\"",
          "outcome=\"error\",route=\"boom\""}) {
        assertTrue(metrics.contains(line), "missing " + line + "\n" + metrics);
      }
      assertEquals(3.0, Scrape.sum(metrics, "offload_requests_total{", "outcome=\"ok\",route=\"gate\""),
          "ok answers over both instances");
      ctx.completeNow();
    })));
  }
}
