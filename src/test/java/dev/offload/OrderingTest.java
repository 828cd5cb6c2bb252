package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
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

/** The ordering trap made visible: ordered executeBlocking serialises one instance's blocking tasks. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class OrderingTest {
  private static final int REQUESTS = 4;
  private static final int SLEEP_MS = 300;
  private final TestService service = new TestService();

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  @Test
  void orderedRunsConcurrentSleepsOneAfterAnother(Vertx vertx, VertxTestContext ctx) {
    fourSleeps(vertx, true).onComplete(ctx.succeeding(run -> ctx.verify(() -> {
      assertTrue(run.wallMs >= REQUESTS * SLEEP_MS, "ordered took " + run.wallMs + " ms, expected >= 1200");
      // Serialised: no two sleeps overlapped, so the last one queued for about three sleeps.
      assertTrue(run.maxQueuedMs >= (REQUESTS - 1) * SLEEP_MS * 0.9, "max queued " + run.maxQueuedMs);
      ctx.completeNow();
    })));
  }

  @Test
  void unorderedRunsThemTogether(Vertx vertx, VertxTestContext ctx) {
    fourSleeps(vertx, false).onComplete(ctx.succeeding(run -> ctx.verify(() -> {
      assertTrue(run.wallMs < 800, "unordered took " + run.wallMs + " ms, expected < 800");
      ctx.completeNow();
    })));
  }

  private record Run(double wallMs, double maxQueuedMs) {
  }

  private Future<Run> fourSleeps(Vertx vertx, boolean ordered) {
    JsonObject config = TestService.config(1);
    config.getJsonObject("routes").put("sleep", TestService.route("execute-blocking").put("ordered", ordered));
    HttpClient client = vertx.createHttpClient();
    return service.start(config).compose(server -> {
      long start = System.nanoTime();
      List<Future<Http.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        replies.add(Http.get(client, server.port(), "/work/sleep?ms=" + SLEEP_MS));
      }
      return Future.all(replies).map(all -> {
        double wall = (System.nanoTime() - start) / 1e6;
        double maxQueued = 0;
        for (Future<Http.Reply> f : replies) {
          assertEquals(200, f.result().status(), f.result().body());
          JsonObject body = f.result().json();
          assertEquals(0, body.getInteger("instance"));
          assertEquals(ordered, body.getBoolean("ordered"));
          maxQueued = Math.max(maxQueued, body.getDouble("queuedMs"));
        }
        return new Run(wall, maxQueued);
      });
    });
  }
}
