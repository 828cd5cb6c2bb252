package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.workload.Workloads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Overload by design: a full queue refuses at once, a deadline drops queued work unrun, a departed client's queued
 * work never runs, and /ready tells a load balancer when the queue fills. The gate workload holds the pool busy
 * for exactly as long as each test needs, so nothing here depends on timing.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class OverloadTest {
  private static final int SIZE = 2;
  private static final int MAX_QUEUE = 3;
  private final TestService service = new TestService();
  private final GateWorkload gate = new GateWorkload();

  @AfterEach
  void stop() throws Exception {
    gate.open();
    service.close();
  }

  private Future<OffloadServer> start(JsonObject gatePool) {
    JsonObject config = TestService.config(2);
    config.getJsonObject("pools").put("gate", gatePool);
    config.getJsonObject("routes").put("gate", TestService.route("worker-pool").put("pool", "gate"));
    return service.start(config, Workloads.builtIn().plus(gate));
  }

  private static HttpClient client(Vertx vertx) {
    // One connection per request, so that queued requests do not wait behind each other on a connection.
    return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false), new io.vertx.core.http.PoolOptions()
        .setHttp1MaxSize(50));
  }

  @Test
  void theRequestPastSizePlusMaxQueueGets503WithRetryAfterAndNeverRuns(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = client(vertx);
    start(new JsonObject().put("size", SIZE).put("maxQueue", MAX_QUEUE)).compose(server -> {
      List<Future<Http.Reply>> held = new ArrayList<>();
      for (int i = 0; i < SIZE + MAX_QUEUE; i++) {
        held.add(Http.get(client, server.port(), "/work/gate"));
      }
      return Stats.await(vertx, client, server.port(),
              s -> Stats.pool(s, "gate").getInteger("running") == SIZE
                  && Stats.pool(s, "gate").getInteger("queued") == MAX_QUEUE)
          .compose(full -> sendWithHeaders(client, server.port(), "/work/gate"))
          .compose(refused -> {
            ctx.verify(() -> {
              assertEquals(503, refused.status(), refused.body());
              long retryAfter = Long.parseLong(refused.retryAfter());
              assertTrue(retryAfter >= 1, "Retry-After " + retryAfter);
              JsonObject body = new JsonObject(refused.body());
              assertEquals("overloaded", body.getString("error"));
              assertEquals("gate", body.getString("pool"));
              assertEquals(MAX_QUEUE, body.getInteger("queued"));
              assertEquals(SIZE, gate.started.get(), "only the running ones have started");
            });
            gate.open();
            return Future.all(held);
          })
          .compose(all -> Http.get(client, server.port(), "/stats"))
          .map(stats -> {
            for (Future<Http.Reply> reply : held) {
              assertEquals(200, reply.result().status(), reply.result().body());
            }
            assertEquals(SIZE + MAX_QUEUE, gate.started.get(), "the refused request never ran");
            JsonObject pool = Stats.pool(stats.json(), "gate");
            assertEquals(SIZE + MAX_QUEUE, pool.getLong("admitted"));
            assertEquals(1L, pool.getLong("rejected"));
            assertEquals(SIZE + MAX_QUEUE, pool.getLong("completed"));
            Stats.assertAddsUp(pool);
            return stats;
          });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void workQueuedPastItsDeadlineGets504AndNeverRuns(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = client(vertx);
    start(new JsonObject().put("size", 1).put("maxQueue", 10).put("maxQueueWaitMs", 300)).compose(server -> {
      Future<Http.Reply> running = Http.get(client, server.port(), "/work/gate");
      return Stats.await(vertx, client, server.port(), s -> Stats.pool(s, "gate").getInteger("running") == 1)
          // The pool's deadline (300 ms) and a client's own, smaller one (100 ms).
          .compose(busy -> Future.all(Http.get(client, server.port(), "/work/gate"),
              sendWithHeaders(client, server.port(), "/work/gate", "X-Request-Timeout-Ms", "100")))
          .compose(both -> {
            ctx.verify(() -> {
              Http.Reply byPool = (Http.Reply) both.resultAt(0);
              HeaderReply byClient = (HeaderReply) both.resultAt(1);
              assertEquals(504, byPool.status(), byPool.body());
              assertEquals("deadline_exceeded", byPool.json().getString("error"));
              assertTrue(byPool.json().getDouble("waitedMs") >= 300, byPool.body());
              assertEquals(504, byClient.status(), byClient.body());
              double clientWaited = new JsonObject(byClient.body()).getDouble("waitedMs");
              assertTrue(clientWaited >= 100 && clientWaited < 300, byClient.body());
              assertEquals(1, gate.started.get(), "expired work never started");
            });
            gate.open();
            return running;
          })
          .compose(done -> Http.get(client, server.port(), "/stats"))
          .map(stats -> {
            assertEquals(1, gate.started.get(), "expired work never ran, even once the pool was free");
            JsonObject pool = Stats.pool(stats.json(), "gate");
            assertEquals(3L, pool.getLong("admitted"));
            assertEquals(2L, pool.getLong("expired"));
            assertEquals(1L, pool.getLong("completed"));
            Stats.assertAddsUp(pool);
            return stats;
          });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aClientThatLeavesWhileQueuedIsCancelledAndItsWorkNeverRuns(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = client(vertx);
    start(new JsonObject().put("size", 1).put("maxQueue", 10)).compose(server -> {
      Future<Http.Reply> running = Http.get(client, server.port(), "/work/gate");
      return Stats.await(vertx, client, server.port(), s -> Stats.pool(s, "gate").getInteger("running") == 1)
          .compose(busy -> vertx.createNetClient().connect(server.port(), "127.0.0.1"))
          .compose((NetSocket socket) -> socket.write("GET /work/gate HTTP/1.1\r\nHost: localhost\r\n\r\n")
              .compose(sent -> Stats.await(vertx, client, server.port(),
                  s -> Stats.pool(s, "gate").getInteger("queued") == 1))
              .compose(queued -> socket.close()))
          .compose(closed -> Stats.await(vertx, client, server.port(),
              s -> Stats.pool(s, "gate").getLong("cancelled") == 1))
          .compose(cancelled -> {
            gate.open();
            return running;
          })
          .compose(done -> Stats.await(vertx, client, server.port(),
              s -> Stats.pool(s, "gate").getLong("completed") == 1))
          .map(stats -> {
            assertEquals(1, gate.started.get(), "the departed client's work never ran");
            JsonObject pool = Stats.pool(stats, "gate");
            assertEquals(2L, pool.getLong("admitted"));
            assertEquals(0L, pool.getLong("queued"));
            Stats.assertAddsUp(pool);
            return stats;
          });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void readyFlipsTo503AsTheQueuePassesTheRatioAndBackAsItDrains(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = client(vertx);
    // maxQueue 4 and the default ratio 0.8: not ready once more than 3.2 wait, i.e. at 4.
    start(new JsonObject().put("size", 1).put("maxQueue", 4)).compose(server -> {
      List<Future<Http.Reply>> held = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        held.add(Http.get(client, server.port(), "/work/gate"));
      }
      return Stats.await(vertx, client, server.port(), s -> Stats.pool(s, "gate").getInteger("queued") == 3)
          .compose(three -> Http.get(client, server.port(), "/ready"))
          .compose(readyAtThree -> {
            ctx.verify(() -> assertEquals(200, readyAtThree.status(), readyAtThree.body()));
            held.add(Http.get(client, server.port(), "/work/gate"));
            return Stats.await(vertx, client, server.port(), s -> Stats.pool(s, "gate").getInteger("queued") == 4);
          })
          .compose(four -> Http.get(client, server.port(), "/ready"))
          .compose(readyAtFour -> {
            ctx.verify(() -> {
              assertEquals(503, readyAtFour.status(), readyAtFour.body());
              assertEquals(false, readyAtFour.json().getBoolean("ready"));
              assertTrue(readyAtFour.json().getString("reason").contains("pool gate queue 4/4"), readyAtFour.body());
            });
            return Http.get(client, server.port(), "/health");
          })
          .compose(health -> {
            ctx.verify(() -> assertEquals(200, health.status(), "liveness is not readiness"));
            gate.open();
            return Future.all(held);
          })
          .compose(all -> Http.get(client, server.port(), "/ready"))
          .map(readyAfter -> {
            assertEquals(200, readyAfter.status(), readyAfter.body());
            assertEquals(true, readyAfter.json().getBoolean("ready"));
            return readyAfter;
          });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aBadTimeoutHeaderIsA400NamingIt(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = client(vertx);
    start(new JsonObject().put("size", 1)).compose(server ->
        sendWithHeaders(client, server.port(), "/work/gate", "X-Request-Timeout-Ms", "soon"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(400, reply.status(), reply.body());
          assertEquals("X-Request-Timeout-Ms", new JsonObject(reply.body()).getString("param"));
          assertEquals(0, gate.started.get());
          ctx.completeNow();
        })));
  }

  @Test
  void workThatStartsInTimeRunsToTheEndAndReportsTheOverrun(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = client(vertx);
    start(new JsonObject().put("size", 1)).compose(server ->
        sendWithHeaders(client, server.port(), "/work/sleep?ms=300", "X-Request-Timeout-Ms", "100"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(200, reply.status(), reply.body());
          JsonObject body = new JsonObject(reply.body());
          assertEquals(100L, body.getLong("deadlineMs"));
          assertTrue(body.getDouble("overrunMs") >= 190, reply.body());
          ctx.completeNow();
        })));
  }

  /** A reply with the Retry-After header kept. */
  record HeaderReply(int status, String retryAfter, String body) {
  }

  private static Future<HeaderReply> sendWithHeaders(HttpClient client, int port, String uri, String... headers) {
    return client.request(HttpMethod.GET, port, "127.0.0.1", uri).compose(req -> {
      for (int i = 0; i < headers.length; i += 2) {
        req.putHeader(headers[i], headers[i + 1]);
      }
      return req.send().compose(resp -> resp.body().map(body ->
          new HeaderReply(resp.statusCode(), resp.getHeader("Retry-After"), body.toString())));
    });
  }
}
