package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.config.ConfigParser;
import dev.offload.workload.Workloads;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The admin API: its token, reading and changing the config, moving a route under load and growing a pool. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class AdminApiTest {
  private static final String TOKEN = "s3cret-admin-token-for-tests";
  private final List<OffloadServer> started = new ArrayList<>();
  private final GateWorkload gate = new GateWorkload();
  private int adminPort;

  @TempDir
  Path dir;

  @AfterEach
  void stop() throws Exception {
    gate.open();
    for (OffloadServer s : started) {
      s.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** A service with the admin API on its own loopback port; {@code token} null means none configured. */
  private Future<OffloadServer> start(JsonObject config, String token) throws Exception {
    return start(config, token, Map.of());
  }

  /** As above, with {@code env} as the service's environment. */
  private Future<OffloadServer> start(JsonObject config, String token, Map<String, String> env) throws Exception {
    return start(config, token, env, TestService.freePort());
  }

  /** As above, with the admin API on the service's own port, served by each of its instances. */
  private Future<OffloadServer> startOnTheServicePort(JsonObject config, String token) throws Exception {
    return start(config, token, Map.of(), config.getJsonObject("http").getInteger("port"));
  }

  private Future<OffloadServer> start(JsonObject config, String token, Map<String, String> env, int port)
      throws Exception {
    adminPort = port;
    JsonObject admin = new JsonObject().put("port", adminPort);
    if (token != null) {
      Path file = dir.resolve("token");
      Files.writeString(file, token + "\n");
      admin.put("tokenFile", file.toString());
    }
    config.put("admin", admin);
    Workloads workloads = Workloads.builtIn().plus(gate);
    return OffloadServer.start(new ConfigParser(workloads).parse(config), workloads, env::get)
        .onSuccess(started::add);
  }

  private static JsonObject baseConfig() {
    JsonObject config = TestService.config(2);
    config.getJsonObject("routes")
        .put("sleep", TestService.route("worker-pool").put("pool", "io"))
        .put("gate", TestService.route("worker-pool").put("pool", "cpu"));
    return config;
  }

  private Future<Http.Reply> admin(HttpClient client, HttpMethod method, String uri, String token, JsonObject body) {
    long start = System.nanoTime();
    return client.request(method, adminPort, "127.0.0.1", uri).compose(req -> {
      if (token != null) {
        req.putHeader("Authorization", "Bearer " + token);
      }
      if (body != null) {
        req.putHeader("Content-Type", "application/json");
      }
      return (body == null ? req.send() : req.send(body.encode())).compose(resp -> resp.body().map(b ->
          new Http.Reply(resp.statusCode(), resp.getHeader("Content-Type") + "|" + resp.getHeader("WWW-Authenticate"),
              b.toString(), (System.nanoTime() - start) / 1e6)));
    });
  }

  @Test
  void noTokenConfiguredMeansTheApiIsOff(Vertx vertx, VertxTestContext ctx) throws Exception {
    HttpClient client = vertx.createHttpClient();
    start(baseConfig(), null)
        .compose(server -> admin(client, HttpMethod.GET, "/admin/config", "anything", null))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(404, reply.status(), reply.body());
          assertTrue(reply.json().getString("message").contains("OFFLOAD_ADMIN_TOKEN"), reply.body());
          ctx.completeNow();
        })));
  }

  @Test
  void theEnvironmentsTokenComesBeforeTheFile(Vertx vertx, VertxTestContext ctx) throws Exception {
    HttpClient client = vertx.createHttpClient();
    start(baseConfig(), TOKEN, Map.of("OFFLOAD_ADMIN_TOKEN", "token-from-the-environment"))
        .compose(server -> Future.all(
            admin(client, HttpMethod.GET, "/admin/config", "token-from-the-environment", null),
            admin(client, HttpMethod.GET, "/admin/config", TOKEN, null),
            Future.succeededFuture(server.adminTokenSource().orElse(""))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertEquals(200, ((Http.Reply) all.resultAt(0)).status());
          assertEquals(401, ((Http.Reply) all.resultAt(1)).status());
          assertEquals("environment variable OFFLOAD_ADMIN_TOKEN", all.resultAt(2));
          ctx.completeNow();
        })));
  }

  @Test
  void missingOrWrongTokenGets401WithTheBearerChallenge(Vertx vertx, VertxTestContext ctx) throws Exception {
    HttpClient client = vertx.createHttpClient();
    start(baseConfig(), TOKEN).compose(server -> Future.all(
            admin(client, HttpMethod.GET, "/admin/config", null, null),
            admin(client, HttpMethod.GET, "/admin/config", TOKEN + "x", null),
            admin(client, HttpMethod.POST, "/admin/drain", "wrong", null),
            admin(client, HttpMethod.GET, "/admin/config", TOKEN, null)))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          for (int i = 0; i < 3; i++) {
            Http.Reply reply = all.resultAt(i);
            assertEquals(401, reply.status(), reply.body());
            assertTrue(reply.contentType().startsWith("application/json|Bearer"), reply.contentType());
            assertEquals("unauthorized", reply.json().getString("error"));
          }
          Http.Reply ok = all.resultAt(3);
          assertEquals(200, ok.status(), ok.body());
          assertEquals(1, ok.json().getLong("version"));
          assertEquals("worker-pool", ok.json().getJsonObject("config").getJsonObject("routes")
              .getJsonObject("sleep").getString("strategy"));
          ctx.completeNow();
        })));
  }

  @Test
  void secretsAreRedactedAndAMaskedSecretSentBackKeepsItsValue(Vertx vertx, VertxTestContext ctx) throws Exception {
    HttpClient client = vertx.createHttpClient();
    JsonObject config = baseConfig();
    config.getJsonObject("workloads").getJsonObject("db").put("user", "sa").put("password", "hunter2");
    start(config, TOKEN).compose(server -> admin(client, HttpMethod.GET, "/admin/config", TOKEN, null)
            .compose(got -> {
              JsonObject shown = got.json().getJsonObject("config");
              ctx.verify(() -> {
                assertEquals("***", shown.getJsonObject("workloads").getJsonObject("db").getString("password"));
                assertTrue(!got.body().contains("hunter2"), got.body());
              });
              // Sent back as shown: the mask must not replace the password, or this would need a restart (409).
              shown.getJsonObject("routes").put("sleep", TestService.route("execute-blocking"));
              return admin(client, HttpMethod.PUT, "/admin/config", TOKEN, shown);
            })
            .map(put -> {
              ctx.verify(() -> assertEquals(200, put.status(), put.body()));
              assertEquals("hunter2", server.config().workloadSettings().get("db").get("password"));
              return put;
            }))
        .onComplete(ctx.succeeding(put -> ctx.verify(() -> {
          assertEquals(2, put.json().getLong("version"));
          ctx.completeNow();
        })));
  }

  @Test
  void aBodyAboveTheAdminLimitIsA413InJsonThatNamesThatLimit(Vertx vertx, VertxTestContext ctx) throws Exception {
    HttpClient client = vertx.createHttpClient();
    // Valid JSON of more than 1 MiB: only its size is wrong.
    JsonObject big = new JsonObject().put("padding", "x".repeat((1 << 20) + 1));
    start(baseConfig(), TOKEN)
        .compose(server -> admin(client, HttpMethod.PUT, "/admin/config", TOKEN, big))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(413, reply.status(), reply.body());
          assertTrue(reply.contentType().startsWith("application/json"), reply.contentType());
          assertEquals("payload_too_large", reply.json().getString("error"));
          assertTrue(reply.json().getString("message").contains("1048576 bytes"), reply.body());
          ctx.completeNow();
        })));
  }

  @Test
  void anInvalidOrRestartOnlyChangeIsRefusedAndChangesNothing(Vertx vertx, VertxTestContext ctx) throws Exception {
    HttpClient client = vertx.createHttpClient();
    start(baseConfig(), TOKEN).compose(server -> {
      JsonObject badStrategy = server.config().source().copy();
      badStrategy.getJsonObject("routes").put("sleep", TestService.route("threads-galore"));
      JsonObject missingPool = server.config().source().copy();
      missingPool.getJsonObject("routes").put("sleep", TestService.route("worker-pool").put("pool", "nope"));
      JsonObject newPort = server.config().source().copy();
      newPort.getJsonObject("http").put("port", server.port() + 1);
      JsonObject moreInstances = server.config().source().copy();
      moreInstances.getJsonObject("http").put("instances", 3);
      return Future.all(List.of(
              admin(client, HttpMethod.PUT, "/admin/config", TOKEN, badStrategy),
              admin(client, HttpMethod.PATCH, "/admin/routes/sleep", TOKEN,
                  TestService.route("worker-pool").put("pool", "nope")),
              admin(client, HttpMethod.PUT, "/admin/config", TOKEN, newPort),
              admin(client, HttpMethod.PUT, "/admin/config", TOKEN, moreInstances),
              admin(client, HttpMethod.PATCH, "/admin/routes/sleep", TOKEN, null)))
          .compose(all -> Http.get(client, server.port(), "/stats").map(stats -> {
            ctx.verify(() -> {
              Http.Reply bad = all.resultAt(0);
              assertEquals(400, bad.status(), bad.body());
              assertEquals("invalid_config", bad.json().getString("error"));
              assertEquals("routes.sleep.strategy", bad.json().getString("key"));
              Http.Reply patch = all.resultAt(1);
              assertEquals(400, patch.status(), patch.body());
              assertEquals("routes.sleep.pool", patch.json().getString("key"));
              for (int i = 2; i < 4; i++) {
                Http.Reply restart = all.resultAt(i);
                assertEquals(409, restart.status(), restart.body());
                assertEquals("needs_restart", restart.json().getString("error"));
                assertTrue(restart.json().getString("message").contains("restart"), restart.body());
              }
              assertEquals("http.port", ((Http.Reply) all.resultAt(2)).json().getString("key"));
              assertEquals("http.instances", ((Http.Reply) all.resultAt(3)).json().getString("key"));
              assertEquals(415, ((Http.Reply) all.resultAt(4)).status());
              JsonObject s = stats.json();
              assertEquals(1, s.getJsonObject("config").getLong("version"));
              assertEquals("worker-pool", s.getJsonObject("routes").getJsonObject("sleep").getString("strategy"));
            });
            return stats;
          }));
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void switchingARouteUnderLoadLosesNothingAndNewRequestsTakeTheNewStrategy(Vertx vertx, VertxTestContext ctx)
      throws Exception {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
        new PoolOptions().setHttp1MaxSize(100));
    int perPhase = 20;
    start(baseConfig(), TOKEN).compose(server -> {
      List<Future<Http.Reply>> before = new ArrayList<>();
      for (int i = 0; i < perPhase; i++) {
        before.add(Http.get(client, server.port(), "/work/sleep?ms=300"));
      }
      // Switched while the first twenty run (8, the io pool's size) or wait (12) on the io pool.
      return Stats.await(vertx, client, server.port(), s -> Stats.pool(s, "io").getInteger("running") == 8
              && Stats.pool(s, "io").getInteger("queued") == perPhase - 8)
          .compose(running -> admin(client, HttpMethod.PATCH, "/admin/routes/sleep", TOKEN,
              TestService.route("execute-blocking")))
          .compose(patched -> {
            ctx.verify(() -> assertEquals(200, patched.status(), patched.body()));
            List<Future<Http.Reply>> after = new ArrayList<>();
            for (int i = 0; i < perPhase; i++) {
              after.add(Http.get(client, server.port(), "/work/sleep?ms=10"));
            }
            return Future.all(Future.all(new ArrayList<>(before)), Future.all(new ArrayList<>(after)))
                .map(all -> List.of(before, after));
          })
          .compose(phases -> Http.get(client, server.port(), "/stats").map(stats -> {
            ctx.verify(() -> {
              for (Future<Http.Reply> f : phases.get(0)) {
                assertEquals(200, f.result().status(), f.result().body());
                assertEquals("worker-pool", f.result().json().getString("strategy"), "queued/running stay put");
              }
              for (Future<Http.Reply> f : phases.get(1)) {
                assertEquals(200, f.result().status(), f.result().body());
                assertEquals("execute-blocking", f.result().json().getString("strategy"), "new requests move");
              }
              JsonObject s = stats.json();
              JsonObject io = Stats.pool(s, "io");
              JsonObject def = Stats.pool(s, "default");
              Stats.assertAddsUp(io);
              Stats.assertAddsUp(def);
              assertEquals(perPhase, io.getLong("admitted"));
              assertEquals(perPhase, io.getLong("completed"));
              assertEquals(perPhase, def.getLong("admitted"));
              assertEquals(perPhase, def.getLong("completed"));
              assertEquals(2, s.getJsonObject("config").getLong("version"));
              assertTrue(s.getJsonObject("config").getString("changedBy").contains("PATCH /admin/routes/sleep"));
              assertEquals("execute-blocking", s.getJsonObject("routes").getJsonObject("sleep").getString("strategy"));
            });
            return stats;
          }))
          .compose(stats -> Http.get(client, server.port(), "/metrics").map(metrics -> {
            ctx.verify(() -> assertTrue(metrics.body().contains("offload_config_version 2.0"), "config version"));
            return metrics;
          }));
    }).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Changes asked at once on connections that two instances took: a change waits for the one before it, which may
   * end on the other instance's event loop (starting a pool's threads completes there), yet each answer must be
   * written on its own connection's event loop, the only thread Vert.x lets write it. Before the fix that answer was
   * refused there and its connection closed unanswered, though the change was applied.
   */
  @Test
  void changesAskedAtOnceThroughTwoInstancesAreEachAnswered(Vertx vertx, VertxTestContext ctx) throws Exception {
    // No keep-alive: each request on a connection of its own, which the service gives its instances in turn.
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
        new PoolOptions().setHttp1MaxSize(10));
    int rounds = 6;
    startOnTheServicePort(baseConfig(), TOKEN).compose(server -> {
      Future<Void> all = Future.succeededFuture();
      for (int round = 0; round < rounds; round++) {
        int size = 3 + round;
        all = all.compose(v -> {
          // Each resizes a pool, so each starts a new generation of threads before it is done.
          JsonObject cpu = server.config().source().copy();
          cpu.getJsonObject("pools").getJsonObject("cpu").put("size", size);
          JsonObject io = server.config().source().copy();
          io.getJsonObject("pools").getJsonObject("io").put("size", 8 + size);
          return Future.all(admin(client, HttpMethod.PUT, "/admin/config", TOKEN, cpu),
              admin(client, HttpMethod.PUT, "/admin/config", TOKEN, io));
        }).map(both -> {
          ctx.verify(() -> {
            for (int i = 0; i < 2; i++) {
              Http.Reply put = both.resultAt(i);
              assertEquals(200, put.status(), put.body());
            }
          });
          return null;
        });
      }
      return all.compose(v -> admin(client, HttpMethod.GET, "/admin/config", TOKEN, null));
    }).onComplete(ctx.succeeding(config -> ctx.verify(() -> {
      // Every change was applied once: the first config is version 1.
      assertEquals(1 + 2 * rounds, config.json().getInteger("version"), config.body());
      ctx.completeNow();
    })));
  }

  @Test
  void growingAPoolUnderLoadStartsQueuedWorkOnTheNewThreads(Vertx vertx, VertxTestContext ctx) throws Exception {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
        new PoolOptions().setHttp1MaxSize(100));
    start(baseConfig(), TOKEN).compose(server -> {
      List<Future<Http.Reply>> held = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        held.add(Http.get(client, server.port(), "/work/gate"));
      }
      return Stats.await(vertx, client, server.port(), s -> Stats.pool(s, "cpu").getInteger("running") == 2
              && Stats.pool(s, "cpu").getInteger("queued") == 4)
          .compose(full -> {
            JsonObject grown = server.config().source().copy();
            grown.getJsonObject("pools").getJsonObject("cpu").put("size", 4);
            return admin(client, HttpMethod.PUT, "/admin/config", TOKEN, grown);
          })
          .compose(put -> {
            ctx.verify(() -> assertEquals(200, put.status(), put.body()));
            return Stats.await(vertx, client, server.port(), s -> Stats.pool(s, "cpu").getInteger("running") == 4);
          })
          .compose(grown -> {
            ctx.verify(() -> {
              JsonObject cpu = Stats.pool(grown, "cpu");
              assertEquals(2, cpu.getInteger("queued"), cpu.encode());
              assertEquals(4, cpu.getInteger("threads"), cpu.encode());
              assertEquals(4, cpu.getInteger("limit"), cpu.encode());
            });
            gate.open();
            return Future.all(new ArrayList<>(held));
          })
          .compose(all -> Http.get(client, server.port(), "/stats").map(stats -> {
            ctx.verify(() -> {
              List<String> threads = new ArrayList<>();
              for (Future<Http.Reply> f : held) {
                assertEquals(200, f.result().status(), f.result().body());
                threads.add(f.result().json().getString("thread"));
              }
              // The two that were running finish on the first threads; the rest run on the new generation's.
              assertTrue(threads.stream().filter(t -> t.startsWith("offload-cpu.g")).count() >= 2, threads.toString());
              JsonObject cpu = Stats.pool(stats.json(), "cpu");
              Stats.assertAddsUp(cpu);
              assertEquals(6, cpu.getLong("completed"));
              assertEquals(6, gate.started.get());
            });
            return stats;
          }));
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aRouteWithTimingsOffIsCountedButNotTimedAndTheSwitchTakesAtRuntime(Vertx vertx, VertxTestContext ctx)
      throws Exception {
    HttpClient client = vertx.createHttpClient();
    JsonObject config = baseConfig();
    config.getJsonObject("routes")
        .put("cpu", TestService.route("worker-pool").put("pool", "cpu").put("timings", false));
    start(config, TOKEN).compose(server -> Http.get(client, server.port(), "/work/cpu?iterations=1")
        .compose(cpu -> Http.get(client, server.port(), "/work/sleep?ms=1"))
        .compose(sleep -> Http.get(client, server.port(), "/work/sleep?ms=1"))
        .compose(timed -> admin(client, HttpMethod.PATCH, "/admin/routes/sleep", TOKEN,
            TestService.route("worker-pool").put("pool", "io").put("timings", false)))
        .compose(patched -> {
          ctx.verify(() -> assertEquals(200, patched.status(), patched.body()));
          return Future.all(Http.get(client, server.port(), "/work/sleep?ms=1"),
              Http.get(client, server.port(), "/work/sleep?ms=1"), Http.get(client, server.port(), "/work/sleep?ms=1"));
        })
        .compose(untimed -> Http.get(client, server.port(), "/stats"))
        .compose(stats -> Http.get(client, server.port(), "/metrics").map(scrape -> List.of(scrape, stats)))
        .map(replies -> {
          ctx.verify(() -> {
            String metrics = replies.get(0).body();
            // Every request is still counted, by route and outcome, and by Vert.x's own HTTP meters.
            assertEquals(1.0, Scrape.sum(metrics, "offload_requests_total{", "outcome=\"ok\"", "route=\"cpu\""),
                metrics);
            assertEquals(5.0, Scrape.sum(metrics, "offload_requests_total{", "outcome=\"ok\"", "route=\"sleep\""),
                metrics);
            // The six work requests and /stats; the scrape itself is counted once it has been answered.
            assertEquals(7.0, Scrape.sum(metrics, "vertx_http_server_requests_total{", "code=\"200\"",
                "method=\"GET\""), metrics);
            // Timed before the switch only; a route off from the start never registered its timers.
            for (String timer : new String[] {"offload_queue_wait", "offload_service", "offload_work"}) {
              assertEquals(2.0, Scrape.sum(metrics, timer + "_seconds_count{", "route=\"sleep\"",
                  "strategy=\"worker-pool\""), timer + "\n" + metrics);
              assertTrue(metrics.lines().noneMatch(line -> line.startsWith(timer + "_seconds_count{")
                  && line.contains("route=\"cpu\"")), timer + "\n" + metrics);
            }
            JsonObject routes = replies.get(1).json().getJsonObject("routes");
            assertEquals(false, routes.getJsonObject("cpu").getBoolean("timings"));
            assertEquals(false, routes.getJsonObject("sleep").getBoolean("timings"));
            assertEquals(true, routes.getJsonObject("gate").getBoolean("timings"));
          });
          return replies;
        })).onComplete(ctx.succeedingThenComplete());
  }
}
