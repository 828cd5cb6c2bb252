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
import io.vertx.junit5.VertxExtension;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's shutdown under load, kept as a test: 120 clients keep a 2-thread pool at three times its capacity,
 * then the service gets SIGTERM (grace 1 s, then up to 4 s for open work). Every request the service accepted must
 * get an HTTP answer: kept-alive clients lose none; clients with a connection per request lose nothing before the
 * listener closes and at most one request each at that moment (a connection still in the kernel's accept queue).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DrainUnderLoadTest {
  private static final int CLIENTS = 120;
  private static final String WORK = "/work/sleep?ms=50";

  @TempDir
  Path dir;

  @Test
  void keptAliveClientsLoseNothing(Vertx vertx) throws Exception {
    Result result = drainUnderLoad(vertx, true);
    assertEquals(0, result.lost(), result.toString());
    result.assertOnlyOkOrDraining();
  }

  @Test
  void perConnectionClientsLoseAtMostOneEachAndOnlyAtTheListenersClose(Vertx vertx) throws Exception {
    Result result = drainUnderLoad(vertx, false);
    result.assertOnlyOkOrDraining();
    for (Map.Entry<Integer, Integer> lost : result.lostPerClient().entrySet()) {
      assertTrue(lost.getValue() <= 1, "client " + lost.getKey() + " lost " + lost.getValue() + ": " + result);
    }
    for (long at : result.lostAtMillis()) {
      // Refused connections start the moment the listener closes; a loss well before that was an accepted
      // connection dropped by the server.
      assertTrue(at >= result.firstRefusedAtMillis() - 200, "a request lost " + (result.firstRefusedAtMillis() - at)
          + " ms before the listener closed: " + result);
    }
  }

  /** What the clients saw: answers by status and error, requests lost (no HTTP answer), when, and how. */
  record Result(Map<String, Integer> answers, int lost, Map<Integer, Integer> lostPerClient, List<Long> lostAtMillis,
      List<String> lossCauses, long firstRefusedAtMillis, long signalAtMillis) {

    void assertOnlyOkOrDraining() {
      for (String answer : answers.keySet()) {
        assertTrue(answer.equals("200") || answer.equals("503 draining"), "only 200 and 503 draining: " + this);
      }
      assertTrue(answers.getOrDefault("200", 0) > CLIENTS, "the load ran: " + this);
    }

    @Override
    public String toString() {
      return "answers " + answers + ", lost " + lost + " (per client " + lostPerClient + "), listener closed ~"
          + (firstRefusedAtMillis - signalAtMillis) + " ms after the signal, losses at "
          + lostAtMillis.stream().map(t -> (t - signalAtMillis) + " ms").toList() + ", how " + lossCauses;
    }
  }

  private Result drainUnderLoad(Vertx vertx, boolean keepAlive) throws Exception {
    int port = TestService.freePort();
    Path config = dir.resolve("config.json");
    Files.writeString(config, new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port).put("instances", 2))
        .put("pools", new JsonObject().put("io", new JsonObject().put("size", 2).put("maxQueue", 1000)
            .put("maxQueueWaitMs", 20_000)))
        .put("routes", new JsonObject().put("sleep", new JsonObject().put("strategy", "worker-pool").put("pool", "io")))
        .put("shutdown", new JsonObject().put("graceMs", 1000).put("timeoutMs", 4000)).encode());
    ChildJvm child = ChildJvm.start(dir, "serve", "--config", config.toString());
    try {
      ChildJvm.awaitStats(port, "\"draining\":false");
      Load load = new Load(vertx, port, keepAlive);
      Future<Void> done = load.start();
      // Three times the pool's capacity (2 threads × 20/s): the queue is long when the signal comes.
      Thread.sleep(1500);
      load.signalAt = System.currentTimeMillis();
      child.process().destroy();
      done.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertTrue(child.process().waitFor(30, TimeUnit.SECONDS), "the service stopped");
      assertEquals(0, child.process().exitValue(), "a drained stop exits 0");
      Result result = load.result();
      System.out.println((keepAlive ? "kept-alive" : "per-connection") + ": " + result);
      // The service's own account of its stop, beside the clients' (the surefire report keeps both).
      child.stdout().forEach(line -> System.out.println("  service: " + line));
      child.stderr().stream().filter(line -> line.contains("drain"))
          .forEach(line -> System.out.println("  service: " + line));
      return result;
    } finally {
      child.process().destroyForcibly();
    }
  }



  /** {@link #CLIENTS} clients, each sending its next request when the last is answered, until refused. */
  private static final class Load {
    private final Vertx vertx;
    private final int port;
    private final boolean keepAlive;
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> lostPerClient = new ConcurrentHashMap<>();
    private final List<Long> lostAt = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> lossCauses = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong firstRefusedAt = new AtomicLong(Long.MAX_VALUE);
    private final long stopAt = System.currentTimeMillis() + 40_000;
    volatile long signalAt;

    Load(Vertx vertx, int port, boolean keepAlive) {
      this.vertx = vertx;
      this.port = port;
      this.keepAlive = keepAlive;
    }

    Future<Void> start() {
      List<Future<Void>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        // One client, one connection at a time: its own pool of one.
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(keepAlive),
            new PoolOptions().setHttp1MaxSize(1));
        Promise<Void> done = Promise.promise();
        next(client, c, done);
        clients.add(done.future());
      }
      return Future.all(clients).mapEmpty();
    }

    private void next(HttpClient client, int id, Promise<Void> done) {
      if (System.currentTimeMillis() > stopAt) {
        done.complete();
        return;
      }
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
          .setURI(WORK).setIdleTimeout(20_000);
      long sentAt = System.currentTimeMillis();
      client.request(request)
          .compose(req -> req.send().compose(resp -> resp.body().map(body -> resp.statusCode() == 503
              ? "503 " + new JsonObject(body).getString("error") : Integer.toString(resp.statusCode()))))
          .onComplete(reply -> {
            if (reply.succeeded()) {
              answers.computeIfAbsent(reply.result(), k -> new AtomicInteger()).incrementAndGet();
              next(client, id, done);
            } else if (isRefused(reply.cause())) {
              // Never sent: the listener is closed, so this client is done.
              firstRefusedAt.accumulateAndGet(System.currentTimeMillis(), Math::min);
              done.complete();
            } else {
              lostPerClient.merge(id, 1, Integer::sum);
              lostAt.add(System.currentTimeMillis());
              // What failed, and when the request was sent: tells a reset at accept from a connection cut under it.
              lossCauses.add(reply.cause() + " (sent at " + (sentAt - signalAt) + " ms)");
              next(client, id, done);
            }
          });
    }

    private static boolean isRefused(Throwable cause) {
      for (Throwable t = cause; t != null; t = t.getCause()) {
        if (t instanceof ConnectException) {
          return true;
        }
      }
      return false;
    }

    Result result() {
      Map<String, Integer> counts = new TreeMap<>();
      answers.forEach((k, v) -> counts.put(k, v.get()));
      int lost = lostPerClient.values().stream().mapToInt(Integer::intValue).sum();
      return new Result(counts, lost, new TreeMap<>(lostPerClient), List.copyOf(lostAt), List.copyOf(lossCauses),
          firstRefusedAt.get(), signalAt);
    }
  }
}
