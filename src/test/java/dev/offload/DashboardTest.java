package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /dashboard} and its feed {@code /stats/stream}: what they serve, what they count, and how streams end. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class DashboardTest {
  private static final int SLEEPS = 30;
  private final TestService service = new TestService();

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  private static HttpClient client(Vertx vertx) {
    return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false), new PoolOptions().setHttp1MaxSize(40));
  }

  private static JsonObject config() {
    JsonObject config = TestService.config(2);
    config.getJsonObject("routes").put("sleep", TestService.route("worker-pool").put("pool", "io"));
    return config;
  }

  @Test
  void thePageAndItsFilesComeFromTheJar(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = client(vertx);
    Map<String, String> types = Map.of(
        "/dashboard", "text/html", "/dashboard/dashboard.js", "text/javascript",
        "/dashboard/dashboard.css", "text/css", "/dashboard/uPlot.iife.min.js", "text/javascript",
        "/dashboard/uPlot.min.css", "text/css");
    service.start(config()).compose(server -> {
      List<Future<Http.Reply>> replies = new ArrayList<>();
      List<String> paths = new ArrayList<>(types.keySet());
      for (String path : paths) {
        replies.add(Http.get(client, server.port(), path));
      }
      return Future.all(replies).map(all -> {
        ctx.verify(() -> {
          for (int i = 0; i < paths.size(); i++) {
            Http.Reply reply = replies.get(i).result();
            assertEquals(200, reply.status(), paths.get(i));
            assertTrue(reply.contentType().startsWith(types.get(paths.get(i))), paths.get(i) + ": " + reply.contentType());
            assertTrue(reply.body().length() > 100, paths.get(i));
          }
          String page = replies.get(paths.indexOf("/dashboard")).result().body();
          // Relative paths, so the page also works behind a proxy that mounts the service under a prefix.
          assertTrue(page.contains("src=\"dashboard/uPlot.iife.min.js\""), page);
          assertTrue(page.contains("src=\"dashboard/dashboard.js\""), page);
          assertTrue(!page.contains("http://") && !page.contains("https://"), "nothing from elsewhere: " + page);
          assertTrue(replies.get(paths.indexOf("/dashboard/uPlot.iife.min.js")).result().body().contains("uPlot"));
        });
        return all;
      });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void theStreamSendsASnapshotASecondWithTheRatesOfWhatRan(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = client(vertx);
    JsonObject config = config();
    config.getJsonObject("routes")
        .put("cpu", TestService.route("worker-pool").put("pool", "cpu").put("timings", false));
    service.start(config).compose(server -> {
      int port = server.port();
      return EventStream.open(client, port)
          .compose(stream -> stream.awaitLive(1)
              .compose(first -> {
                // Every request is sent after a live event: each is counted in the rates of the events that follow.
                List<Future<Http.Reply>> sleeps = new ArrayList<>();
                for (int i = 0; i < SLEEPS; i++) {
                  sleeps.add(Http.get(client, port, "/work/sleep?ms=20"));
                  sleeps.add(Http.get(client, port, "/work/cpu?iterations=1"));
                }
                return Future.all(sleeps);
              })
              .compose(done -> stream.await(all -> okSleeps(EventStream.live(all)) >= SLEEPS - 0.5
                  && EventStream.live(all).size() >= 4))
              .compose(events -> Http.get(client, port, "/stats").map(stats -> {
                ctx.verify(() -> {
                  List<JsonObject> live = EventStream.live(events);
                  for (JsonObject event : live) {
                    for (String field : stats.json().fieldNames()) {
                      assertTrue(event.containsKey(field), "an event has every /stats field, " + field + " too");
                    }
                    long interval = event.getJsonObject("rates").getLong("intervalMs");
                    assertTrue(interval > 500 && interval < 3000, "about a second apart: " + interval);
                  }
                  for (int i = 1; i < live.size(); i++) {
                    assertTrue(live.get(i).getLong("at") > live.get(i - 1).getLong("at"), "in order");
                  }
                  assertEquals(SLEEPS, okSleeps(live), 0.5, "the ok rates over the events add up to the requests");
                  double p99 = live.stream().map(e -> e.getJsonObject("rates").getJsonObject("routes")
                      .getJsonObject("sleep")).filter(r -> r != null && r.getDouble("p99Ms") != null)
                      .mapToDouble(r -> r.getDouble("p99Ms")).max().orElse(0);
                  assertTrue(p99 >= 15 && p99 < 1000, "a 20 ms sleep's work time shows: " + p99);
                  // The untimed route is counted, but has no work time to show: no latency keys, not even null.
                  List<JsonObject> cpu = live.stream().map(e -> e.getJsonObject("rates").getJsonObject("routes")
                      .getJsonObject("cpu")).filter(r -> r != null).toList();
                  assertTrue(cpu.stream().mapToDouble(r -> r.getDouble("total")).sum() > 0,
                      "the untimed route's requests are counted: " + cpu);
                  assertTrue(cpu.stream().noneMatch(r -> r.containsKey("p99Ms") || r.containsKey("p50Ms")),
                      cpu.toString());
                  JsonObject lastRates = live.get(live.size() - 1).getJsonObject("rates");
                  assertEquals(2, lastRates.getJsonArray("eventLoopLagP99Ms").size(), "lag per instance");
                  assertEquals(1, stats.json().getJsonObject("dashboard").getInteger("streams"));
                });
                return stream;
              })));
    }).onComplete(ctx.succeedingThenComplete());
  }

  /** The 2xx sleeps the events counted: each event's rate times its interval, summed. */
  private static double okSleeps(List<JsonObject> live) {
    double sum = 0;
    for (JsonObject event : live) {
      JsonObject sleep = event.getJsonObject("rates").getJsonObject("routes").getJsonObject("sleep");
      if (sleep != null) {
        sum += sleep.getJsonObject("perSecond").getDouble("ok", 0.0)
            * event.getJsonObject("rates").getLong("intervalMs") / 1000.0;
      }
    }
    return sum;
  }

  @Test
  void aNewStreamStartsWithTheRecentPastThenGoesLive(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = client(vertx);
    service.start(config()).compose(server -> EventStream.open(client, server.port())
        // Three ticks kept; the second stream gets them first, marked as history.
        .compose(first -> first.awaitLive(3))
        .compose(seen -> EventStream.open(client, server.port()))
        .compose(second -> second.awaitLive(1))
        .map(events -> {
          ctx.verify(() -> {
            int firstLive = 0;
            while (events.get(firstLive).type().equals("history")) {
              firstLive++;
            }
            assertTrue(firstLive >= 3, "the kept seconds come first: " + firstLive);
            for (int i = firstLive; i < events.size(); i++) {
              assertEquals("message", events.get(i).type(), "nothing kept after the first live event");
            }
            for (int i = 1; i < events.size(); i++) {
              assertTrue(events.get(i).json().getLong("at") > events.get(i - 1).json().getLong("at"),
                  "one timeline, no second twice");
            }
            assertTrue(!events.get(0).json().containsKey("routes"), "kept events leave out the route table");
            assertNotNull(events.get(firstLive).json().getJsonObject("routes"), "live ones carry it");
          });
          return events;
        })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aClosedPageFreesItsStreamAndTheLimitRefusesOneTooMany(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = config().put("dashboard", new JsonObject().put("maxStreams", 1));
    HttpClient client = client(vertx);
    service.start(config).compose(server -> {
      int port = server.port();
      return EventStream.open(client, port)
          .compose(stream -> Stats.await(vertx, client, port, s -> streams(s) == 1)
              .compose(one -> Http.get(client, port, "/stats/stream"))
              .compose(refused -> {
                ctx.verify(() -> {
                  assertEquals(503, refused.status(), refused.body());
                  assertEquals("too_many_streams", refused.json().getString("error"));
                  assertTrue(refused.json().getString("message").contains("dashboard.maxStreams (1)"));
                });
                return stream.close();
              }))
          .compose(closed -> Stats.await(vertx, client, port, s -> streams(s) == 0))
          // Its place is free again.
          .compose(freed -> EventStream.open(client, port))
          .compose(again -> again.awaitLive(1));
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void turnedOffAtRuntimeTheStreamsEndAndThePageIsGone(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = client(vertx);
    service.start(config()).compose(server -> {
      int port = server.port();
      return EventStream.open(client, port)
          .compose(stream -> stream.awaitLive(1)
              .compose(live -> server.apply(config().put("http", server.config().source().getJsonObject("http"))
                  .put("dashboard", new JsonObject().put("enabled", false)), "test"))
              .compose(applied -> stream.ended()))
          .compose(ended -> Future.all(Http.get(client, port, "/dashboard"), Http.get(client, port, "/stats/stream"),
              Http.get(client, port, "/stats")))
          .map(all -> {
            ctx.verify(() -> {
              for (int i = 0; i < 2; i++) {
                Http.Reply reply = all.resultAt(i);
                assertEquals(404, reply.status(), reply.body());
                assertEquals("not_found", reply.json().getString("error"));
              }
              JsonObject dashboard = ((Http.Reply) all.resultAt(2)).json().getJsonObject("dashboard");
              assertEquals(false, dashboard.getBoolean("enabled"));
              assertEquals(0, dashboard.getInteger("streams"));
            });
            return all;
          });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aDrainEndsTheStreamsSoTheirConnectionsClose(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = config().put("shutdown", new JsonObject().put("graceMs", 100).put("timeoutMs", 20_000));
    HttpClient client = client(vertx);
    service.start(config).compose(server -> EventStream.open(client, server.port())
        .compose(stream -> stream.awaitLive(1).compose(live -> {
          long start = System.nanoTime();
          Future<Void> drained = server.drain();
          return stream.ended().compose(ended -> drained).map(done -> {
            double ms = (System.nanoTime() - start) / 1e6;
            // Without the end, the drain would wait the whole 20 s timeout for the open stream.
            ctx.verify(() -> assertTrue(ms < 10_000, "the drain did not wait for the stream: " + ms + " ms"));
            return done;
          });
        }))).onComplete(ctx.succeedingThenComplete());
  }

  private static int streams(JsonObject stats) {
    return stats.getJsonObject("dashboard").getInteger("streams");
  }
}
