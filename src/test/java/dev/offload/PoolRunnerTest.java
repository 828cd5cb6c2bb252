package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Queued work that starts on the pool thread which freed its permit (dispatch.PoolRunner) is still every bit a task
 * of that pool: each answer is right and names its thread and context, and Vert.x's pool meters count each task once
 * and end with nothing in use or waiting, for a named pool (worker-pool) and the default pool (execute-blocking).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class PoolRunnerTest {
  private static final int REQUESTS = 12;
  private final TestService service = new TestService();

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  @Test
  void queuedWorkRunsAsTasksOfItsPool(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestService.config(2);
    config.getJsonObject("vertx").put("workerPoolSize", 1);
    config.getJsonObject("pools").put("one", new JsonObject().put("size", 1));
    config.getJsonObject("routes")
        .put("sleep", TestService.route("worker-pool").put("pool", "one"))
        .put("cpu", TestService.route("execute-blocking"));
    // Every request on a connection of its own, all at once: with one thread per pool, all but one queue.
    HttpClient client = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(2 * REQUESTS));
    service.start(config).compose(server -> Http.get(client, server.port(), "/metrics").compose(before -> {
      List<Future<Http.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        replies.add(Http.get(client, server.port(), "/work/sleep?ms=20"));
        replies.add(Http.get(client, server.port(), "/work/cpu?iterations=1&seed=" + i));
      }
      return Future.all(replies).compose(all -> Http.get(client, server.port(), "/metrics")).map(after -> {
        for (Future<Http.Reply> reply : replies) {
          Http.Reply r = reply.result();
          assertEquals(200, r.status(), r.body());
          JsonObject body = new JsonObject(r.body());
          assertEquals("event-loop", body.getString("context"), r.body());
          assertEquals(body.getString("workload").equals("sleep") ? "offload-one-0" : "vert.x-worker-thread-0",
              body.getString("thread"), r.body());
        }
        for (String pool : List.of("offload-one", "vert.x-worker-thread")) {
          String labels = "{pool_name=\"" + pool + "\",pool_type=\"worker\"}";
          assertEquals(REQUESTS, value(after.body(), "vertx_pool_completed_total" + labels)
              - value(before.body(), "vertx_pool_completed_total" + labels), pool + "\n" + after.body());
          assertEquals(0.0, value(after.body(), "vertx_pool_in_use" + labels), pool);
          assertEquals(0.0, value(after.body(), "vertx_pool_queue_pending" + labels), pool);
        }
        return null;
      });
    })).onComplete(ctx.succeedingThenComplete());
  }

  private static double value(String scrape, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
    if (!m.find()) {
      throw new AssertionError("no " + series + " in\n" + scrape);
    }
    return Double.parseDouble(m.group(1));
  }
}
