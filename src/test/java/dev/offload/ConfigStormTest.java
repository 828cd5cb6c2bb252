package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 10's storm, kept as a test: 16 clients keep cpu and sleep work coming while the config changes 60 times,
 * every 150 ms, in every way a running service allows (pool sizes up and down, a pool added and removed with a route
 * moved onto it and back, the cpu route switched between four strategies). Every request must be answered 200, 503
 * or 504 (never 500, never left hanging), every pool's counters must add up, nothing may stay in flight, and nothing
 * at WARNING or above may be logged.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class ConfigStormTest {
  private static final int CLIENTS = 16;
  private static final int CHANGES = 60;
  private static final long CHANGE_EVERY_MS = 150;
  // A request still unanswered after this long is a hang: the work is at most 20 ms, the queue wait 5 s.
  private static final long CLIENT_GIVES_UP_MS = 10_000;
  private static final List<JsonObject> CPU_ROUTES = cpuRoutes();

  private final TestService service = new TestService();
  private final LogCapture log = LogCapture.open();

  @AfterEach
  void stop() throws Exception {
    log.close();
    service.close();
  }

  @Test
  void sixtyChangesUnderLoadLoseNothing(Vertx vertx, VertxTestContext ctx) {
    JsonObject base = TestService.config(4);
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    AtomicLong unanswered = new AtomicLong();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(CLIENTS));
    service.start(config(base, 0)).compose(server -> {
      List<Future<Void>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Promise<Void> done = Promise.promise();
        keepSending(client, server.port(), c, 0, stop, statuses, unanswered, failures, done);
        clients.add(done.future());
      }
      return changeEvery(vertx, server, base, 1)
          .onComplete(changed -> stop.set(true))
          .compose(changed -> Future.all(clients))
          .compose(all -> Stats.await(vertx, client, server.port(), ConfigStormTest::settled));
    }).onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
      long total = statuses.values().stream().mapToLong(AtomicLong::get).sum();
      String summary = "statuses " + new TreeMap<>(statuses) + ", unanswered " + unanswered + ", failures "
          + failures.subList(0, Math.min(5, failures.size()));
      System.out.println("storm: " + CHANGES + " changes, " + total + " requests, " + summary);
      assertTrue(total > 500, "the load ran: " + summary);
      assertEquals(0, unanswered.get(), "every request answered: " + summary);
      assertTrue(failures.isEmpty(), summary);
      for (Integer status : statuses.keySet()) {
        assertTrue(status == 200 || status == 503 || status == 504, "only 200, 503, 504: " + summary);
      }
      assertEquals(0, stats.getInteger("inFlight"), stats.encode());
      for (String pool : stats.getJsonObject("pools").fieldNames()) {
        Stats.assertAddsUp(stats.getJsonObject("pools").getJsonObject(pool));
      }
      assertEquals(List.of(), log.lines(), "nothing logged at WARNING or above");
      ctx.completeNow();
    })));
  }

  /** Nothing running or queued in any pool, and nothing in flight. */
  private static boolean settled(JsonObject stats) {
    if (stats.getInteger("inFlight") != 0) {
      return false;
    }
    for (String pool : stats.getJsonObject("pools").fieldNames()) {
      JsonObject p = stats.getJsonObject("pools").getJsonObject(pool);
      if (p.getInteger("running") != 0 || p.getInteger("queued") != 0) {
        return false;
      }
    }
    return true;
  }

  /** Applies change {@code step}, then the next one {@link #CHANGE_EVERY_MS} later, up to {@link #CHANGES}. */
  private static Future<Void> changeEvery(Vertx vertx, OffloadServer server, JsonObject base, int step) {
    if (step > CHANGES) {
      return Future.succeededFuture();
    }
    return server.apply(config(base, step), "storm step " + step)
        .compose(applied -> vertx.timer(CHANGE_EVERY_MS))
        .compose(waited -> changeEvery(vertx, server, base, step + 1));
  }

  /**
   * The config of one step: cpu between 1 and 4 threads, io between 2 and 16, a pool "extra" that comes and goes
   * every 5 steps with the sleep route on it while it exists, and the cpu route on a new strategy every 3 steps.
   */
  static JsonObject config(JsonObject base, int step) {
    JsonObject config = base.copy();
    JsonObject pools = config.getJsonObject("pools");
    pools.put("cpu", new JsonObject().put("size", 1 + step % 4).put("maxQueue", 64).put("maxQueueWaitMs", 5000));
    pools.put("io", new JsonObject().put("size", 2 + (step * 7) % 15).put("maxQueue", 256));
    boolean extra = (step / 5) % 2 == 1;
    if (extra) {
      pools.put("extra", new JsonObject().put("size", 1 + step % 3).put("maxQueue", 256));
    }
    config.put("routes", new JsonObject()
        .put("cpu", CPU_ROUTES.get((step / 3) % CPU_ROUTES.size()))
        .put("sleep", TestService.route("worker-pool").put("pool", extra ? "extra" : "io")));
    return config;
  }

  private static List<JsonObject> cpuRoutes() {
    List<JsonObject> routes = new ArrayList<>(List.of(
        TestService.route("worker-pool").put("pool", "cpu"),
        TestService.route("worker-verticle").put("pool", "cpu"),
        TestService.route("execute-blocking")));
    if (Runtime.version().feature() >= 21) {
      routes.add(TestService.route("virtual-thread"));
    }
    return List.copyOf(routes);
  }

  /** One client: a request, its answer, the next request; cpu and sleep of 1..20 ms in turn, until told to stop. */
  private static void keepSending(HttpClient client, int port, int clientId, int n, AtomicBoolean stop,
      Map<Integer, AtomicLong> statuses, AtomicLong unanswered, List<String> failures, Promise<Void> done) {
    if (stop.get()) {
      done.complete();
      return;
    }
    String uri = (clientId + n) % 2 == 0 ? "/work/cpu?iterations=20000"
        : "/work/sleep?ms=" + (1 + (clientId * 7 + n) % 20);
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(uri).setIdleTimeout(CLIENT_GIVES_UP_MS);
    client.request(request)
        .compose(req -> req.send().compose(resp -> resp.body().map(body -> {
          if (resp.statusCode() != 200 && resp.statusCode() != 503 && resp.statusCode() != 504) {
            failures.add(resp.statusCode() + " " + uri + " " + body);
          }
          return resp.statusCode();
        })))
        .onComplete(result -> {
          if (result.succeeded()) {
            statuses.computeIfAbsent(result.result(), s -> new AtomicLong()).incrementAndGet();
          } else {
            unanswered.incrementAndGet();
            failures.add("no answer to " + uri + ": " + result.cause());
          }
          keepSending(client, port, clientId, n + 1, stop, statuses, unanswered, failures, done);
        });
  }
}
