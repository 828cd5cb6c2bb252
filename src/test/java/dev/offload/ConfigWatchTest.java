package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.offload.config.ConfigParser;
import dev.offload.workload.Workloads;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --watch}: a valid edit of the config file is applied; an invalid one is refused and changes nothing. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ConfigWatchTest {
  private static final long SCAN_MS = 100;
  private OffloadServer server;

  @TempDir
  Path dir;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aValidEditIsAppliedAndAnInvalidOneRefused(Vertx vertx, VertxTestContext ctx) throws Exception {
    JsonObject config = TestService.config(2);
    config.getJsonObject("routes").put("sleep", TestService.route("worker-pool").put("pool", "io"));
    Path file = dir.resolve("config.json");
    Files.writeString(file, config.encodePrettily());
    Workloads workloads = Workloads.builtIn();
    HttpClient client = vertx.createHttpClient();
    OffloadServer.start(new ConfigParser(workloads).parse(config), workloads)
        .compose(started -> {
          server = started;
          return started.watch(file, SCAN_MS);
        })
        .compose(watching -> {
          config.getJsonObject("routes").put("sleep", TestService.route("event-loop"));
          write(file, config);
          return Stats.await(vertx, client, server.port(),
              s -> s.getJsonObject("routes").getJsonObject("sleep").getString("strategy").equals("event-loop"));
        })
        .compose(applied -> {
          ctx.verify(() -> {
            assertEquals(2, applied.getJsonObject("config").getLong("version"));
            assertEquals("file " + file, applied.getJsonObject("config").getString("changedBy"));
          });
          // Invalid three ways in turn: not JSON, an unknown strategy, a change that needs a restart.
          write(file, "{ not json");
          return pause(vertx, 10 * SCAN_MS);
        })
        .compose(v -> {
          JsonObject unknown = config.copy();
          unknown.getJsonObject("routes").put("sleep", TestService.route("teleport"));
          write(file, unknown);
          return pause(vertx, 10 * SCAN_MS);
        })
        .compose(v -> {
          JsonObject newPort = config.copy();
          newPort.getJsonObject("http").put("port", server.port() + 1);
          write(file, newPort);
          return pause(vertx, 10 * SCAN_MS);
        })
        .compose(v -> Future.all(Http.get(client, server.port(), "/stats"),
            Http.get(client, server.port(), "/work/sleep?ms=1")))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          JsonObject s = ((Http.Reply) all.resultAt(0)).json();
          assertEquals(2, s.getJsonObject("config").getLong("version"), "no invalid edit was applied");
          assertEquals("event-loop", s.getJsonObject("routes").getJsonObject("sleep").getString("strategy"));
          assertEquals(200, ((Http.Reply) all.resultAt(1)).status(), "the service still serves");
          ctx.completeNow();
        })));
  }

  private static void write(Path file, Object content) {
    try {
      // Through a temporary file and a rename, as editors do, so a scan never reads half a file.
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, content instanceof JsonObject ? ((JsonObject) content).encodePrettily()
          : content.toString());
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Future<Void> pause(Vertx vertx, long ms) {
    Promise<Void> done = Promise.promise();
    vertx.setTimer(ms, id -> done.complete());
    return done.future();
  }
}
