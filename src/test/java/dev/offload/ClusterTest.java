package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.config.ConfigParser;
import dev.offload.workload.Workloads;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A front in this JVM and worker nodes in child JVMs (heap-capped), joined over loopback: work reaches every worker
 * in proportion to its pool, a worker killed mid-load costs no answer, a worker drained mid-load loses nothing and
 * exits 0. One cluster for the class, the scenarios in order: each starts from what the one before left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterTest {
  private static final long FAILURE_DETECTION_MS = 2000;
  private static final long CLIENT_TIMEOUT_MS = 5000;

  @TempDir
  static Path dir;
  private int hazelcastPort;
  private OffloadServer front;
  private final Map<String, ChildJvm> workers = new TreeMap<>();

  @BeforeAll
  void startFrontAndTwoWorkers() throws Exception {
    hazelcastPort = TestService.freePort();
    JsonObject config = new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", TestService.freePort()).put("instances", 2))
        .put("cluster", cluster(hazelcastPort))
        .put("routes", new JsonObject().put("sleep", new JsonObject().put("strategy", "cluster").put("pool", "io")))
        .put("admission", new JsonObject().put("cluster:io", new JsonObject().put("maxConcurrent", 64)));
    front = OffloadServer.start(new ConfigParser(Workloads.builtIn()).parse(config), Workloads.builtIn())
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    startWorker("small", 2);
    startWorker("big", 8);
    awaitNodes(n -> n.size() == 2 && n.values().stream().allMatch(s -> s.getString("state").equals("up")));
  }

  @AfterAll
  void stop() throws Exception {
    for (ChildJvm worker : workers.values()) {
      worker.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (front != null) {
      front.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(1)
  void workReachesEveryWorkerInProportionToItsPoolSize() throws Exception {
    // 16 clients for 10 threads: both pools stay full, and the queues show which node is the less loaded.
    List<Reply> replies = ClosedLoop.run(this, 16, "/work/sleep?ms=40", Map.of(), 40);
    Map<Integer, Long> statuses = statuses(replies);
    assertEquals(Map.of(200, 640L), statuses, "every request answered 200");
    Map<String, Long> byNode = replies.stream().collect(Collectors.groupingBy(Reply::nodeName,
        Collectors.counting()));
    double smallShare = byNode.getOrDefault("small", 0L) / 640.0;
    System.out.println("cluster spread: " + byNode + ", small worker's share " + smallShare + " (its pool: 2 of 10)");
    assertTrue(smallShare >= 0.16 && smallShare <= 0.24, "small's share " + smallShare + ": " + byNode);
    // Every count agrees: the front's per node, each worker's own pool, the front's cluster admission.
    Map<String, JsonObject> nodes = awaitNodes(n -> n.values().stream().allMatch(s -> s.getInteger("inFlight") == 0));
    for (String name : List.of("small", "big")) {
      JsonObject node = nodes.get(name);
      assertEquals(byNode.get(name), node.getLong("answered"), name + ": " + node);
      assertEquals(0L, node.getLong("refused") + node.getLong("retried") + node.getLong("lost")
          + node.getLong("timedOut"), name + ": " + node);
      JsonObject pool = ChildJvm.stats(node.getInteger("httpPort")).getJsonObject("pools").getJsonObject("io");
      assertEquals(byNode.get(name), pool.getLong("completed"), name + "'s own pool: " + pool);
      assertEquals(pool.getLong("admitted"), pool.getLong("completed"), name + "'s own pool: " + pool);
    }
    // The same counts as meters, per node.
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port()
        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    for (String name : List.of("small", "big")) {
      String id = nodes.get(name).getString("id");
      assertTrue(metrics.contains("offload_cluster_calls_total{node=\"" + id + "\",result=\"answered\"} "
          + byNode.get(name) + ".0"), name + " answered in /metrics");
      assertTrue(metrics.contains("offload_cluster_node_in_flight{node=\"" + id + "\"} 0.0"), name + " in flight");
    }
    assertTrue(metrics.contains("offload_cluster_nodes{state=\"up\"} 2.0"), "two nodes up in /metrics");
    JsonObject admission = ChildJvm.stats(port()).getJsonObject("pools").getJsonObject("cluster:io");
    Stats.assertAddsUp(admission);
    assertEquals(640L, admission.getLong("completed"));
  }

  @Test
  @Order(2)
  void aWorkerKilledMidLoadCostsNoAnswerAndGetsNoMoreWork() throws Exception {
    Map<String, JsonObject> before = awaitNodes(n -> true);
    long bigAnsweredBefore = before.get("big").getLong("answered");
    // Sleep is idempotent: what the killed worker held is sent once more to the other one, in the deadline.
    ClosedLoop load = ClosedLoop.start(this, 8, "/work/sleep?ms=100",
        Map.of("X-Request-Timeout-Ms", Long.toString(CLIENT_TIMEOUT_MS)), 30);
    // Killed mid-load: once it has answered some of this load and holds more.
    awaitNodes(n -> n.get("big").getLong("answered") >= bigAnsweredBefore + 10
        && n.get("big").getInteger("inFlight") >= 1);
    long killedAt = System.nanoTime();
    workers.get("big").process().destroyForcibly();
    Map<String, JsonObject> afterLoss = awaitNodes(n -> n.get("big").getString("state").equals("lost"));
    double detectedMs = (System.nanoTime() - killedAt) / 1e6;
    List<Reply> replies = load.await();
    // Once lost, it got nothing more: no answer (it is dead) and no refusal (nothing was sent to it).
    JsonObject atEnd = nodesByName().get("big");
    assertEquals(afterLoss.get("big").getLong("answered"), atEnd.getLong("answered"), atEnd.toString());
    assertEquals(afterLoss.get("big").getLong("refused"), atEnd.getLong("refused"), atEnd.toString());
    System.out.println("killed worker taken as lost after " + Math.round(detectedMs) + " ms; replies "
        + statuses(replies) + ", by node " + replies.stream().collect(Collectors.groupingBy(Reply::nodeName,
        Collectors.counting())) + "; the dead node's counters " + afterLoss.get("big"));
    assertTrue(detectedMs < FAILURE_DETECTION_MS + 1000, "lost after " + detectedMs + " ms");
    assertEquals(Map.of(200, 240L), statuses(replies), "every request answered, each by a live node in time");
    for (Reply reply : replies) {
      assertTrue(reply.ms() <= CLIENT_TIMEOUT_MS + 1000, "waited " + reply.ms() + " ms");
      if (reply.nodeName().equals("big")) {
        assertTrue(reply.endNanos() < killedAt, "an answer from the killed worker after its death");
      }
    }
    JsonObject big = awaitNodes(n -> n.get("big").getInteger("inFlight") == 0).get("big");
    assertTrue(big.getLong("retried") >= 1, "its work in flight was sent again: " + big);
    assertEquals(0L, big.getLong("lost"), big.toString());
    long bigReplies = replies.stream().filter(r -> r.nodeName().equals("big")).count();
    assertEquals(bigAnsweredBefore + bigReplies, big.getLong("answered"), big.toString());
    workers.remove("big");
  }

  @Test
  @Order(3)
  void aWorkerDrainedMidLoadLosesNothingLeavesAndExits0() throws Exception {
    startWorker("third", 4);
    awaitNodes(n -> n.containsKey("third") && n.get("third").getString("state").equals("up"));
    ClosedLoop load = ClosedLoop.start(this, 8, "/work/sleep?ms=100",
        Map.of("X-Request-Timeout-Ms", Long.toString(CLIENT_TIMEOUT_MS)), 30);
    awaitNodes(n -> n.get("third").getInteger("inFlight") >= 1);
    ChildJvm third = workers.get("third");
    third.process().destroy();
    List<Reply> replies = load.await();
    assertTrue(third.process().waitFor(30, TimeUnit.SECONDS), "the drained worker ended");
    assertEquals(0, third.process().exitValue(), "a drained worker exits 0");
    assertEquals(Map.of(200, 240L), statuses(replies), "nothing lost while a worker drained");
    JsonObject node = awaitNodes(n -> n.get("third").getString("state").equals("left")).get("third");
    assertEquals(0L, node.getLong("lost") + node.getLong("retried") + node.getLong("timedOut"), node.toString());
    assertTrue(third.stdout().get(third.stdout().size() - 1).startsWith("offload: stopped after "),
        third.stdout().toString());
    workers.remove("third");
  }

  // ---- the cluster ----

  private JsonObject cluster(int port) {
    return new JsonObject().put("port", port).put("members", new JsonArray().add("127.0.0.1:" + hazelcastPort))
        .put("failureDetectionMs", FAILURE_DETECTION_MS);
  }

  private void startWorker(String name, int size) throws Exception {
    Path home = Files.createDirectories(dir.resolve(name));
    Path file = home.resolve("worker.json");
    Files.writeString(file, new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", TestService.freePort()).put("instances", 1))
        .put("cluster", cluster(TestService.freePort()))
        .put("pools", new JsonObject().put("io", new JsonObject().put("size", size).put("exported", true)
            .put("maxQueue", 1000).put("maxQueueWaitMs", 10_000)))
        .put("shutdown", new JsonObject().put("graceMs", 300).put("timeoutMs", 5000)).encode());
    workers.put(name, ChildJvm.start(home, "worker", "--config", file.toString()));
  }

  private int port() {
    return front.port();
  }

  /** The front's view of its nodes, by worker name, once {@code until} holds. */
  private Map<String, JsonObject> awaitNodes(java.util.function.Predicate<Map<String, JsonObject>> until)
      throws Exception {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Map<String, JsonObject> nodes = Map.of();
    while (System.nanoTime() < giveUp) {
      nodes = nodesByName();
      if (until.test(nodes)) {
        return nodes;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the front's nodes never reached the expected state: " + nodes);
  }

  private Map<String, JsonObject> nodesByName() throws Exception {
    Map<String, JsonObject> out = new TreeMap<>();
    for (Object o : ChildJvm.stats(port()).getJsonObject("cluster").getJsonArray("nodes")) {
      JsonObject node = (JsonObject) o;
      String name = nameOf(node.getLong("pid"));
      if (name != null) {
        out.put(name, node);
      }
    }
    return out;
  }

  private String nameOf(Long pid) {
    for (Map.Entry<String, ChildJvm> e : workers.entrySet()) {
      if (pid != null && e.getValue().process().pid() == pid) {
        return e.getKey();
      }
    }
    return null;
  }

  private static Map<Integer, Long> statuses(List<Reply> replies) {
    return replies.stream().collect(Collectors.groupingBy(Reply::status, TreeMap::new, Collectors.counting()));
  }

  /** One answer as a client saw it; status -1 when there was none (the connection failed). */
  private record Reply(int status, String nodeName, long startNanos, long endNanos) {
    double ms() {
      return (endNanos - startNanos) / 1e6;
    }
  }

  /**
   * Clients on threads of their own, each sending its next request when the last is answered, {@code each} times:
   * a closed loop, so the load follows what the cluster can take.
   */
  private final class ClosedLoop {
    private final List<Thread> threads = new ArrayList<>();
    private final List<Reply> replies = Collections.synchronizedList(new ArrayList<>());

    static List<Reply> run(ClusterTest test, int clients, String path, Map<String, String> headers, int each)
        throws InterruptedException {
      return start(test, clients, path, headers, each).await();
    }

    static ClosedLoop start(ClusterTest test, int clients, String path, Map<String, String> headers, int each) {
      ClosedLoop loop = test.new ClosedLoop();
      for (int c = 0; c < clients; c++) {
        Thread thread = new Thread(() -> loop.client(test.port(), path, headers, each), "cluster-client-" + c);
        loop.threads.add(thread);
        thread.start();
      }
      return loop;
    }

    private void client(int port, String path, Map<String, String> headers, int each) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < each; i++) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        long start = System.nanoTime();
        try {
          HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
          JsonObject node = response.statusCode() == 200
              ? new JsonObject(response.body()).getJsonObject("node") : null;
          String name = node == null ? "none" : String.valueOf(nameOf(node.getLong("pid")));
          replies.add(new Reply(response.statusCode(), name, start, System.nanoTime()));
        } catch (IOException e) {
          replies.add(new Reply(-1, "none", start, System.nanoTime()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    List<Reply> await() throws InterruptedException {
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(120));
      }
      synchronized (replies) {
        return new ArrayList<>(replies);
      }
    }
  }
}
