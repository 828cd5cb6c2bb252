package dev.offload;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;

/** Reads /stats in tests, and waits (by polling) until it shows a state the test needs before going on. */
final class Stats {
  private Stats() {
  }

  static JsonObject pool(JsonObject stats, String pool) {
    return stats.getJsonObject("pools").getJsonObject(pool);
  }

  /** Polls /stats every 20 ms until {@code until} holds; fails after 20 s with the last stats seen. */
  static Future<JsonObject> await(Vertx vertx, HttpClient client, int port, Predicate<JsonObject> until) {
    Promise<JsonObject> done = Promise.promise();
    poll(vertx, client, port, until, System.nanoTime() + 20_000_000_000L, done);
    return done.future();
  }

  private static void poll(Vertx vertx, HttpClient client, int port, Predicate<JsonObject> until, long giveUpAt,
      Promise<JsonObject> done) {
    Http.get(client, port, "/stats").onComplete(reply -> {
      if (reply.succeeded() && until.test(reply.result().json())) {
        done.complete(reply.result().json());
      } else if (System.nanoTime() > giveUpAt) {
        done.fail(new AssertionError("stats never reached the expected state; last: "
            + (reply.succeeded() ? reply.result().body() : reply.cause())));
      } else {
        vertx.setTimer(20, id -> poll(vertx, client, port, until, giveUpAt, done));
      }
    });
  }

  /** Asserts the pool's counters add up: admitted = completed + failed + expired + cancelled + drained + running + queued. */
  static void assertAddsUp(JsonObject pool) {
    long sum = pool.getLong("completed") + pool.getLong("failed") + pool.getLong("expired")
        + pool.getLong("cancelled") + pool.getLong("drained") + pool.getLong("running") + pool.getLong("queued");
    org.junit.jupiter.api.Assertions.assertEquals(pool.getLong("admitted"), sum, "counters add up: " + pool.encode());
  }
}
