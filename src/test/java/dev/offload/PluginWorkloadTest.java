package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.examples.gzip.GzipWorkload;
import dev.offload.workload.Workload;
import dev.offload.workload.Workloads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The example plug-in (examples/gzip-plugin, compiled into the tests by the root pom) is found through
 * {@link java.util.ServiceLoader} and served by every strategy like a built-in workload.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class PluginWorkloadTest {
  private static final String PLUGIN_CLASS = "dev.offload.examples.gzip.GzipWorkload";
  private final TestService service = new TestService();

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  @Test
  void serviceLoaderFindsTheGzipPlugin() {
    Workload gzip = Workloads.withPlugins().find("gzip").orElseThrow(
        () -> new AssertionError("no gzip workload: is examples/gzip-plugin on the test class path?"));
    // By name, not GzipWorkload.class: the point is that discovery, not this test, chose the class.
    assertEquals(PLUGIN_CLASS, gzip.getClass().getName());
  }

  @ParameterizedTest(name = "{0} on pool {1}")
  @CsvSource({
      "event-loop, event-loop",
      "execute-blocking, default",
      "worker-pool, gzip",
      "worker-verticle, gzip",
      "virtual-thread, virtual"})
  void everyStrategyServesThePlugin(String strategy, String pool, Vertx vertx, VertxTestContext ctx)
      throws Exception {
    if (strategy.equals("virtual-thread")) {
      Assumptions.assumeTrue(Runtime.version().feature() >= 21,
          "virtual threads need Java 21+; this JVM is Java " + Runtime.version().feature());
    }
    JsonObject route = TestService.route(strategy);
    if (strategy.equals("execute-blocking")) {
      route.put("ordered", false);
    } else if (pool.equals("gzip")) {
      route.put("pool", "gzip");
    }
    JsonObject config = config();
    config.getJsonObject("routes").put("gzip", route);
    // Computed here, in the same JVM and so the same zlib, to show the service ran exactly this code.
    Map<String, Object> expected = GzipWorkload.compress(64 * 1024, 6);
    HttpClient client = vertx.createHttpClient();
    service.start(config, Workloads.withPlugins())
        .compose(server -> Http.get(client, server.port(), "/work/gzip?kib=64&level=6"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(200, reply.status(), reply.body());
          JsonObject body = reply.json();
          assertEquals("gzip", body.getString("workload"), body.encode());
          assertEquals(strategy, body.getString("strategy"), body.encode());
          assertEquals(pool, body.getString("pool"), body.encode());
          JsonObject result = body.getJsonObject("result");
          long inputBytes = result.getLong("inputBytes");
          long outputBytes = result.getLong("outputBytes");
          assertEquals(65_536L, inputBytes, result.encode());
          assertTrue(outputBytes > 0 && outputBytes < inputBytes, result.encode());
          assertEquals(expected.get("outputBytes"), outputBytes, result.encode());
          assertEquals(expected.get("crc32"), result.getString("crc32"), result.encode());
          ctx.completeNow();
        })));
  }

  /** A request that breaks one of the plug-in's declared parameters. */
  private record Case(String uri, String param, String messagePart) {
  }

  private static final List<Case> BAD = List.of(
      new Case("/work/gzip", "kib", "missing parameter kib"),
      new Case("/work/gzip?kib=0", "kib", "1..1024"),
      new Case("/work/gzip?kib=abc", "kib", "1..1024"),
      new Case("/work/gzip?kib=64&level=10", "level", "1..9"));

  @Test
  void badParametersGet400NamingTheParameter(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = config();
    config.getJsonObject("routes").put("gzip", TestService.route("worker-pool").put("pool", "gzip"));
    HttpClient client = vertx.createHttpClient();
    service.start(config, Workloads.withPlugins()).compose(server -> {
      List<Future<Http.Reply>> replies = new ArrayList<>();
      for (Case c : BAD) {
        replies.add(Http.get(client, server.port(), c.uri()));
      }
      return Future.all(replies).map(all -> replies);
    }).onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
      for (int i = 0; i < BAD.size(); i++) {
        Case c = BAD.get(i);
        Http.Reply reply = replies.get(i).result();
        String label = c.uri() + " -> " + reply.status() + " " + reply.body();
        assertEquals(400, reply.status(), label);
        assertEquals("application/json", reply.contentType(), label);
        JsonObject body = reply.json();
        assertEquals("bad_request", body.getString("error"), label);
        assertEquals(c.param(), body.getString("param"), label);
        assertTrue(body.getString("message").contains(c.messagePart()), label);
      }
      ctx.completeNow();
    })));
  }

  /** TestService's config plus the pool the example's config.json gives gzip. */
  private static JsonObject config() {
    JsonObject config = TestService.config(2);
    config.getJsonObject("pools").put("gzip",
        new JsonObject().put("size", 2).put("maxQueue", 64).put("maxQueueWaitMs", 2000));
    return config;
  }
}
