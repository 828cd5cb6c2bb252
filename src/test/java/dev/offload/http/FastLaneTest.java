package dev.offload.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.offload.FreePorts;
import dev.offload.OffloadServer;
import dev.offload.config.ConfigParser;
import dev.offload.workload.Workloads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
 * A request that takes the fast lane (a plain GET of /health or /work/&lt;route&gt;) gets the answer the router gives
 * the same request written another way (a %-escaped route name, a dot segment), and both are counted.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class FastLaneTest {
  private OffloadServer server;
  private int port;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** The same request by the fast lane and by the router: {fast, routed}. */
  private static final List<String[]> PAIRS = List.of(
      new String[] {"/work/cpu?iterations=3&seed=a", "/work/%63pu?iterations=3&seed=a"},
      new String[] {"/work/sleep?ms=1", "/work/%73leep?ms=1"},
      new String[] {"/work/cpu?iterations=0", "/work/%63pu?iterations=0"},
      new String[] {"/work/cpu?iterations=1&colour=red", "/work/%63pu?iterations=1&colour=red"},
      new String[] {"/work/nothing", "/work/%6Eothing"},
      new String[] {"/health", "/./health"});

  @Test
  void eitherLaneGivesTheSameAnswer(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = vertx.createHttpClient();
    OffloadServer.start(new ConfigParser(Workloads.builtIn()).parse(config()), Workloads.builtIn())
        .compose(started -> {
          server = started;
          List<Future<JsonObject>> answers = new ArrayList<>();
          for (String[] pair : PAIRS) {
            answers.add(get(client, pair[0]));
            answers.add(get(client, pair[1]));
          }
          return Future.all(answers).compose(all -> get(client, "/stats")).map(stats -> {
            for (int i = 0; i < PAIRS.size(); i++) {
              JsonObject fast = answers.get(2 * i).result();
              JsonObject routed = answers.get(2 * i + 1).result();
              String label = PAIRS.get(i)[0] + " -> " + fast.encode() + " / " + routed.encode();
              assertEquals(routed.getInteger("status"), fast.getInteger("status"), label);
              // The fast lane's text is what JsonObject itself would write.
              assertEquals(fast.getJsonObject("body").encode(), fast.getString("text"), label);
              JsonObject fastBody = fast.getJsonObject("body");
              JsonObject routedBody = routed.getJsonObject("body");
              // Every field, in the same order; only where and when the work ran may differ.
              assertEquals(new ArrayList<>(routedBody.fieldNames()), new ArrayList<>(fastBody.fieldNames()), label);
              // A 404's message quotes the path as the client wrote it; a sleep answers how long it slept.
              for (String volatileField : List.of("instance", "eventLoop", "thread", "queuedMs", "serviceMs",
                  fast.getInteger("status") == 404 ? "message" : "none",
                  "sleep".equals(fastBody.getString("workload")) ? "result" : "none")) {
                fastBody.remove(volatileField);
                routedBody.remove(volatileField);
              }
              assertEquals(routedBody, fastBody, label);
            }
            assertEquals(200, answers.get(0).result().getInteger("status"));
            assertEquals(400, answers.get(4).result().getInteger("status"));
            assertEquals("colour", answers.get(6).result().getJsonObject("body").getString("param"));
            assertEquals(404, answers.get(8).result().getInteger("status"));
            assertEquals(true, answers.get(0).result().getJsonObject("body").getBoolean("ordered"));
            assertEquals("cpu", answers.get(2).result().getJsonObject("body").getString("pool"));
            // Both lanes count their requests: every pair, plus this /stats.
            JsonArray instances = stats.getJsonObject("body").getJsonArray("instances");
            long requests = 0;
            for (int i = 0; i < instances.size(); i++) {
              requests += instances.getJsonObject(i).getLong("requests");
            }
            assertEquals(2L * PAIRS.size() + 1, requests);
            return null;
          });
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aBadHostStillGetsTheRoutersAnswer(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = vertx.createHttpClient();
    OffloadServer.start(new ConfigParser(Workloads.builtIn()).parse(config()), Workloads.builtIn())
        .compose(started -> {
          server = started;
          return client.request(HttpMethod.GET, port, "127.0.0.1", "/health")
              .compose(req -> req.authority(io.vertx.core.net.HostAndPort.create("bad host", 1)).send())
              .compose(resp -> resp.body().map(body -> {
                assertEquals(400, resp.statusCode(), body.toString());
                assertNotEquals(-1, body.toString().indexOf("\"param\":\"Host\""), body.toString());
                return null;
              }));
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  private JsonObject config() {
    port = freePort();
    return new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port).put("instances", 2))
        .put("pools", new JsonObject().put("cpu", new JsonObject().put("size", 2)))
        .put("routes", new JsonObject()
            .put("cpu", new JsonObject().put("strategy", "execute-blocking").put("ordered", true))
            .put("sleep", new JsonObject().put("strategy", "worker-pool").put("pool", "cpu")));
  }

  /** {status, body (the JSON), text (as sent)}. */
  private Future<JsonObject> get(HttpClient client, String uri) {
    return client.request(HttpMethod.GET, port, "127.0.0.1", uri)
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(body -> new JsonObject().put("status", resp.statusCode())
            .put("body", new JsonObject(body)).put("text", body.toString())));
  }

  private static int freePort() {
    return FreePorts.next();
  }
}
