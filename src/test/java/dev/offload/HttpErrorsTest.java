package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.workload.Workloads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
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

/** Every client mistake gets its status and a JSON body naming the problem; a failing workload gets a 500 id. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class HttpErrorsTest {
  private final TestService service = new TestService();

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  /** One request and the answer the contract promises for it. */
  private record Case(HttpMethod method, String uri, int status, String error, String param, String messagePart) {
  }

  private static final List<Case> CASES = List.of(
      new Case(HttpMethod.GET, "/work/cpu", 400, "bad_request", "iterations", "missing parameter iterations"),
      new Case(HttpMethod.GET, "/work/cpu?iterations=abc", 400, "bad_request", "iterations", "1..10000000"),
      new Case(HttpMethod.GET, "/work/cpu?iterations=-5", 400, "bad_request", "iterations", "1..10000000"),
      new Case(HttpMethod.GET, "/work/cpu?iterations=1.5", 400, "bad_request", "iterations", "whole number"),
      new Case(HttpMethod.GET, "/work/cpu?iterations=0", 400, "bad_request", "iterations", "got 0"),
      new Case(HttpMethod.GET, "/work/cpu?iterations=10000001", 400, "bad_request", "iterations", "got 10000001"),
      new Case(HttpMethod.GET, "/work/cpu?iterations=99999999999999999999", 400, "bad_request", "iterations",
          "1..10000000"),
      new Case(HttpMethod.GET, "/work/cpu?iterations=1&iterations=2", 400, "bad_request", "iterations", "2 times"),
      new Case(HttpMethod.GET, "/work/cpu?iterations=1&seed=" + "s".repeat(1025), 400, "bad_request", "seed",
          "length 0..1024"),
      new Case(HttpMethod.GET, "/work/cpu?iterations=1&seed=%zz", 400, "bad_request", "query", "malformed"),
      new Case(HttpMethod.GET, "/work/sleep", 400, "bad_request", "ms", "0..60000"),
      new Case(HttpMethod.GET, "/work/sleep?ms=60001", 400, "bad_request", "ms", "0..60000"),
      new Case(HttpMethod.GET, "/work/sleep?ms=", 400, "bad_request", "ms", "0..60000"),
      new Case(HttpMethod.GET, "/nowhere", 404, "not_found", null, "/nowhere"),
      new Case(HttpMethod.GET, "/work/nothing", 404, "not_found", null, "/work/nothing"),
      new Case(HttpMethod.GET, "/work", 404, "not_found", null, "/work"),
      new Case(HttpMethod.PATCH, "/work/cpu?iterations=1", 405, "method_not_allowed", null, "PATCH"),
      new Case(HttpMethod.POST, "/work/cpu?iterations=1", 415, "unsupported_media_type", null, "application/json"),
      new Case(HttpMethod.GET, "/work/hash?password=a&salt=b", 405, "method_not_allowed", null, "POST body"),
      new Case(HttpMethod.GET, "/work/db?query=drop", 400, "bad_request", "query", "one of point, range, slow"),
      new Case(HttpMethod.GET, "/work/db?query=point&id=0", 400, "bad_request", "id", "1..10000000"),
      new Case(HttpMethod.GET, "/work/db", 400, "bad_request", "query", "missing parameter query"),
      new Case(HttpMethod.DELETE, "/health", 405, "method_not_allowed", null, "DELETE"),
      new Case(HttpMethod.PUT, "/stats", 405, "method_not_allowed", null, "PUT"));

  @Test
  void clientMistakesGetTheirStatusAndAJsonBodyAndRunNothing(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = vertx.createHttpClient();
    service.start(TestService.config(2)).compose(server -> {
      List<Future<Http.Reply>> replies = new ArrayList<>();
      for (Case c : CASES) {
        replies.add(Http.send(client, c.method(), server.port(), c.uri()));
      }
      return Future.all(replies).compose(all -> Http.get(client, server.port(), "/stats")).map(stats -> {
        for (int i = 0; i < CASES.size(); i++) {
          Case c = CASES.get(i);
          Http.Reply reply = replies.get(i).result();
          String label = c.method() + " " + c.uri() + " -> " + reply.status() + " " + reply.body();
          assertEquals(c.status(), reply.status(), label);
          assertEquals("application/json", reply.contentType(), label);
          JsonObject body = reply.json();
          assertEquals(c.error(), body.getString("error"), label);
          assertEquals(c.param(), body.getString("param"), label);
          assertTrue(body.getString("message").contains(c.messagePart()), label);
        }
        return stats.json();
      });
    }).onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
      // Nothing was dispatched: every pool's counters are still zero.
      for (String pool : stats.getJsonObject("pools").fieldNames()) {
        JsonObject p = stats.getJsonObject("pools").getJsonObject(pool);
        assertEquals(0L, p.getLong("admitted"), pool + " " + p.encode());
        assertEquals(0L, p.getLong("completed"), pool + " " + p.encode());
        assertEquals(0L, p.getLong("failed"), pool + " " + p.encode());
      }
      ctx.completeNow();
    })));
  }

  @Test
  void aThrowingWorkloadGivesA500WithAnIdAndNoStackTrace(Vertx vertx, VertxTestContext ctx) {
    Workloads workloads = Workloads.builtIn().plus(new FailingWorkload());
    JsonObject config = TestService.config(1);
    config.getJsonObject("routes").put("boom", TestService.route("worker-pool").put("pool", "io"));
    HttpClient client = vertx.createHttpClient();
    service.start(config, workloads)
        .compose(server -> Http.get(client, server.port(), "/work/boom")
            .compose(reply -> Http.get(client, server.port(), "/stats")
                .compose(stats -> Http.get(client, server.port(), "/metrics")
                    .map(metrics -> List.of(reply, stats, metrics)))))
        .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
          Http.Reply reply = replies.get(0);
          assertEquals(500, reply.status(), reply.body());
          JsonObject body = reply.json();
          assertEquals("internal", body.getString("error"));
          assertNotNull(body.getString("id"));
          assertFalse(reply.body().contains("IllegalStateException"), "no exception class leaks: " + reply.body());
          assertFalse(reply.body().contains(FailingWorkload.SECRET), "no exception message leaks: " + reply.body());
          JsonObject io = replies.get(1).json().getJsonObject("pools").getJsonObject("io");
          assertEquals(1L, io.getLong("admitted"));
          assertEquals(1L, io.getLong("failed"));
          assertEquals(0L, io.getLong("completed"));
          assertEquals(0L, io.getLong("queued"));
          assertEquals(0L, io.getLong("running"));
          assertTrue(replies.get(2).body().contains(
              "offload_requests_total{instance=\"0\",outcome=\"error\",route=\"boom\",strategy=\"worker-pool\"} 1.0"),
              "error counted in /metrics");
          ctx.completeNow();
        })));
  }
}
