package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A database that goes away: queries get a prompt 503 JSON answer instead of hanging, and once the database is back
 * the service serves again without a restart. The database is a real network server (H2's TCP server) that the
 * test stops and starts.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class DbOutageTest {
  private static final long CONNECTION_TIMEOUT_MS = 500;
  private final TestService service = new TestService();
  private Server database;

  @AfterEach
  void stop() throws Exception {
    service.close();
    if (database != null) {
      database.stop();
    }
  }

  @Test
  void downGivesA503AndTheServiceRecoversWhenItIsBack(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path dir = Files.createTempDirectory("offload-h2");
    int port = TestService.freePort();
    database = startDatabase(port, dir);
    JsonObject config = TestService.config(2).put("workloads", new JsonObject().put("db", new JsonObject()
        .put("url", "jdbc:h2:tcp://127.0.0.1:" + port + "/" + dir.resolve("orders"))
        .put("user", "sa")
        .put("rows", 500)
        .put("poolSize", 2)
        .put("connectionTimeoutMs", CONNECTION_TIMEOUT_MS)));
    config.getJsonObject("routes").put("db", new JsonObject().put("strategy", "worker-pool").put("pool", "io"));
    HttpClient client = vertx.createHttpClient();
    String point = "/work/db?query=point&id=3";
    service.start(config)
        .compose(server -> Http.get(client, server.port(), point).compose(before -> {
          ctx.verify(() -> assertEquals(200, before.status(), before.body()));
          database.stop();
          return Future.all(Http.get(client, server.port(), point), Http.get(client, server.port(), point))
              .compose(down -> {
                ctx.verify(() -> {
                  for (int i = 0; i < 2; i++) {
                    Http.Reply reply = down.resultAt(i);
                    assertEquals(503, reply.status(), reply.body());
                    assertEquals("application/json", reply.contentType());
                    assertEquals("unavailable", reply.json().getString("error"));
                    assertEquals("db", reply.json().getString("dependency"));
                    // A prompt answer: bounded by the connection timeout, nowhere near a hang.
                    assertTrue(reply.elapsedMs() < CONNECTION_TIMEOUT_MS + 5_000, reply.elapsedMs() + " ms");
                  }
                });
                try {
                  database = startDatabase(port, dir);
                } catch (SQLException e) {
                  return Future.failedFuture(e);
                }
                return untilOk(vertx, client, server.port(), point, 40);
              })
              .compose(after -> Http.get(client, server.port(), "/stats").map(stats -> {
                ctx.verify(() -> {
                  assertEquals(new JsonObject().put("found", true).put("id", 3).put("customerId", 758)
                      .put("status", "returned").put("amountCents", 14587),
                      after.json().getJsonObject("result").getJsonObject("rows"));
                  JsonObject io = stats.json().getJsonObject("pools").getJsonObject("io");
                  // Both 503s count as failed work in the pool, never as completed.
                  assertTrue(io.getLong("failed") >= 2, io.encode());
                });
                return after;
              }));
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static Server startDatabase(int port, Path dir) throws SQLException {
    return Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists", "-baseDir", dir.toString())
        .start();
  }

  /** Asks until a 200 comes back, every 250 ms, at most {@code attempts} times. */
  private static Future<Http.Reply> untilOk(Vertx vertx, HttpClient client, int port, String uri, int attempts) {
    return Http.get(client, port, uri).compose(reply -> {
      if (reply.status() == 200) {
        return Future.succeededFuture(reply);
      }
      if (attempts <= 1) {
        return Future.failedFuture("still " + reply.status() + " after the database came back: " + reply.body());
      }
      Promise<Http.Reply> next = Promise.promise();
      vertx.setTimer(250, t -> untilOk(vertx, client, port, uri, attempts - 1).onComplete(next));
      return next.future();
    });
  }
}
