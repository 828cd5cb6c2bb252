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
 * A front in this JVM and worker nodes in child JVMs (heap-capped), joined over loopback with mutual TLS on the event
 * bus, certificates made by scripts/cluster-certs.sh: work reaches every worker in proportion to its pool; a node with
 * another CA's certificate and one without TLS join Hazelcast but get no work; a worker paused with SIGSTOP mid-load
 * is found, its work moved, and it rejoins after SIGCONT; a worker killed mid-load costs no answer; work a client
 * leaves while it waits in a worker's queue is dropped there; a worker drained mid-load loses nothing and exits 0;
 * the front is not ready while no worker exports its route's pool. One cluster for the class, the scenarios in
 * order: each starts from what the one before left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ClusterTest {
  private static final long FAILURE_DETECTION_MS = 2000;
  private static final long CLIENT_TIMEOUT_MS = 5000;
  // A probe of a node without TLS fails when its handshake times out: 2 x this + 500 ms at most.
  private static final long CONNECT_TIMEOUT_MS = 1000;

  @TempDir
  static Path dir;
  private int hazelcastPort;
  private OffloadServer front;
  private final Map<String, ChildJvm> workers = new TreeMap<>();
  // Each worker's Vert.x node id, from its own /stats: a node the front cannot reach is known to it by that alone.
  private final Map<String, String> nodeIds = new TreeMap<>();
  private final Map<String, Integer> workerHttpPorts = new TreeMap<>();
  private Path certs;
  private Path otherCa;
  private LogCapture log;

  @BeforeAll
  void startFrontAndTwoWorkers() throws Exception {
    certs = ClusterCerts.make(dir.resolve("certs"), "front", "small", "big", "third", "last");
    otherCa = ClusterCerts.make(dir.resolve("other-ca"), "stranger");
    log = LogCapture.open();
    int[] ports = TestService.freePorts(2);
    hazelcastPort = ports[0];
    JsonObject config = new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", ports[1]).put("instances", 2))
        .put("cluster", cluster(hazelcastPort).put("tls", ClusterCerts.tls(certs, "front")))
        .put("routes", new JsonObject().put("sleep", new JsonObject().put("strategy", "cluster").put("pool", "io")))
        .put("admission", new JsonObject().put("cluster:io", new JsonObject().put("maxConcurrent", 64)));
    front = OffloadServer.start(new ConfigParser(Workloads.builtIn()).parse(config), Workloads.builtIn())
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertNotReady("no live cluster node exports pool io (route sleep)");
    startWorker("small", 2, ClusterCerts.tls(certs, "small"));
    startWorker("big", 8, ClusterCerts.tls(certs, "big"));
    awaitNodes(n -> n.size() == 2 && n.values().stream().allMatch(s -> s.getString("state").equals("up")));
    assertEquals(200, get("/ready").statusCode(), "ready once a node exports io");
  }

  @AfterAll
  void stop() throws Exception {
    for (ChildJvm worker : workers.values()) {
      // A worker left paused by a failed test would not die of SIGKILL alone on every kernel: resume it first.
      signal(worker, "CONT");
      worker.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (front != null) {
      front.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (log != null) {
      log.close();
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
  void nodesWithAnotherCasCertificateOrWithoutTlsJoinButGetNoWork() throws Exception {
    int membersBefore = members();
    startWorker("stranger", 8, ClusterCerts.tls(otherCa, "stranger"));
    startWorker("plain", 8, null);
    // Members of Hazelcast, whose OSS edition checks no one: the event bus's mutual TLS is what keeps them out.
    awaitTrue(() -> members() == membersBefore + 2, "both joined Hazelcast");
    long joinedAt = System.nanoTime();
    Map<String, JsonObject> nodes = awaitNodes(n -> n.containsKey("stranger") && n.containsKey("plain")
        && n.get("stranger").getString("state").equals("unreachable")
        && n.get("plain").getString("state").equals("unreachable"));
    System.out.println("both listed unreachable " + (System.nanoTime() - joinedAt) / 1_000_000 + " ms after they "
        + "joined");
    List<Reply> replies = ClosedLoop.run(this, 16, "/work/sleep?ms=20",
        Map.of("X-Request-Timeout-Ms", Long.toString(CLIENT_TIMEOUT_MS)), 20);
    assertEquals(Map.of(200, 320L), statuses(replies), () -> "every request answered: " + errors(replies));
    Map<String, Long> byNode = replies.stream().collect(Collectors.groupingBy(Reply::nodeName,
        Collectors.counting()));
    assertEquals(java.util.Set.of("small", "big"), byNode.keySet(), byNode.toString());
    for (Reply reply : replies) {
      assertTrue(reply.ms() < CLIENT_TIMEOUT_MS, "waited " + reply.ms() + " ms");
    }
    String metrics = get("/metrics").body();
    Map<String, java.util.function.Supplier<Long>> unreachableLogged = new TreeMap<>();
    for (String name : List.of("stranger", "plain")) {
      JsonObject node = nodesByName().get(name);
      System.out.println(name + " as the front sees it: " + node);
      assertEquals("unreachable", node.getString("state"), node.toString());
      assertTrue(node.getLong("probesFailed") >= 1, node.toString());
      assertEquals(0L, node.getLong("answered") + node.getLong("unreachableCalls"), "no work tried there: " + node);
      // Its own pool saw nothing: not one work message reached it.
      JsonObject pool = ChildJvm.stats(httpPort(name)).getJsonObject("pools").getJsonObject("io");
      assertEquals(0L, pool.getLong("admitted"), name + "'s own pool: " + pool);
      assertTrue(metrics.contains("offload_cluster_probes_failed_total{node=\"" + nodeIds.get(name) + "\"}"),
          name + "'s failed probes in /metrics");
      java.util.function.Supplier<Long> logged = () -> log.lines().stream().filter(l -> l.contains("cluster node "
          + nodeIds.get(name)) && l.contains("cannot be reached")).count();
      // Logged at the second failed probe in a row, which comes failureDetectionMs after the first.
      awaitTrue(() -> logged.get() >= 1, name + " logged as unreachable");
      unreachableLogged.put(name, logged);
    }
    assertTrue(nodes.get("stranger").getString("unreachable").contains("TLS handshake failed"),
        nodes.get("stranger").toString());
    // A TLS client meeting a clear-text server: the server waits for a frame, the handshake for its answer.
    assertTrue(nodes.get("plain").getString("unreachable").contains("did not finish within cluster.connectTimeoutMs"),
        nodes.get("plain").toString());
    assertEquals(List.of(), log.lines().stream().filter(l -> l.contains("Connecting to server")).toList(),
        "Vert.x's own log of each failed connection is silenced");
    // Several probes later, still one warning each.
    awaitTrue(() -> nodesByName().get("plain").getLong("probesFailed") >= 3
        && nodesByName().get("stranger").getLong("probesFailed") >= 3, "more probes failed");
    for (Map.Entry<String, java.util.function.Supplier<Long>> logged : unreachableLogged.entrySet()) {
      assertEquals(1L, logged.getValue().get(), logged.getKey() + " logged once: " + log.lines());
    }
    for (String name : List.of("stranger", "plain")) {
      workers.remove(name).process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    awaitTrue(() -> members() == membersBefore, "both left Hazelcast");
  }

  @Test
  @Order(3)
  void aWorkerPausedMidLoadIsFoundItsWorkMovesAndItRejoinsAfterItResumes() throws Exception {
    Map<String, JsonObject> before = awaitNodes(n -> n.get("big").getString("state").equals("up"));
    long bigAnsweredBefore = before.get("big").getLong("answered");
    ClosedLoop load = ClosedLoop.start(this, 8, "/work/sleep?ms=100",
        Map.of("X-Request-Timeout-Ms", Long.toString(CLIENT_TIMEOUT_MS)), 30);
    awaitNodes(n -> n.get("big").getLong("answered") >= bigAnsweredBefore + 10
        && n.get("big").getInteger("inFlight") >= 1);
    ChildJvm big = workers.get("big");
    long stoppedAt = System.nanoTime();
    signal(big, "STOP");
    awaitNodes(n -> n.get("big").getString("state").equals("lost"));
    double detectedMs = (System.nanoTime() - stoppedAt) / 1e6;
    // Half a load interval between silence checks (200 ms here), and the rest for this shared machine.
    assertTrue(detectedMs < FAILURE_DETECTION_MS + 1000, "paused worker lost after " + detectedMs + " ms");
    long resumedAt = System.nanoTime();
    signal(big, "CONT");
    List<Reply> replies = load.await();
    assertEquals(Map.of(200, 240L), statuses(replies), () -> "every request answered, sleep being idempotent: "
        + errors(replies));
    for (Reply reply : replies) {
      assertTrue(reply.ms() <= CLIENT_TIMEOUT_MS + 1000, "waited " + reply.ms() + " ms");
    }
    JsonObject atLoss = awaitNodes(n -> n.get("big").getInteger("inFlight") == 0).get("big");
    assertTrue(atLoss.getLong("retried") >= 1, "its work in flight was sent again: " + atLoss);
    // It rejoins by itself: Hazelcast merges it back, its load is heard, a probe reaches it.
    awaitNodes(n -> n.get("big").getString("state").equals("up"));
    double rejoinedMs = (System.nanoTime() - resumedAt) / 1e6;
    long answeredBack = nodesByName().get("big").getLong("answered");
    List<Reply> after = ClosedLoop.run(this, 10, "/work/sleep?ms=40", Map.of(), 10);
    assertEquals(Map.of(200, 100L), statuses(after), () -> "after it rejoined: " + errors(after));
    assertTrue(nodesByName().get("big").getLong("answered") > answeredBack, "it takes work again");
    JsonObject cluster = ChildJvm.stats(port()).getJsonObject("cluster");
    System.out.println("paused worker lost after " + Math.round(detectedMs) + " ms, up again "
        + Math.round(rejoinedMs) + " ms after SIGCONT; late answers dropped: " + cluster.getLong("lateAnswersDropped")
        + "; its counters " + nodesByName().get("big"));
  }

  @Test
  @Order(4)
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
    assertEquals(Map.of(200, 240L), statuses(replies), () -> "every request answered, each by a live node in time: "
        + errors(replies));
    for (Reply reply : replies) {
      assertTrue(reply.ms() <= CLIENT_TIMEOUT_MS + 1000, "waited " + reply.ms() + " ms");
      if (reply.nodeName().equals("big")) {
        // Sent before its death: an answer already on its way when the kill came may reach the client just after.
        assertTrue(reply.startNanos() < killedAt, "work sent to the killed worker after its death");
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
  @Order(5)
  void workAClientLeavesWhileItWaitsInAWorkersQueueIsDroppedThere() throws Exception {
    // Only small is left: its 2 threads busy for 3 s, the next requests wait in its queue.
    int smallPort = httpPort("small");
    JsonObject poolBefore = ChildJvm.stats(smallPort).getJsonObject("pools").getJsonObject("io");
    ClosedLoop busy = ClosedLoop.start(this, 2, "/work/sleep?ms=3000", Map.of(), 1);
    awaitTrue(() -> pool(smallPort).getInteger("running") == 2, "small's threads busy");
    List<RawHttp> leaving = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      leaving.add(RawHttp.connect(port()).send("GET /work/sleep?ms=10 HTTP/1.1\r\nHost: x\r\n"
          + "X-Request-Timeout-Ms: 20000\r\n\r\n"));
    }
    awaitTrue(() -> pool(smallPort).getInteger("queued") == 3, "three queued at small");
    for (RawHttp client : leaving) {
      client.close();
    }
    awaitTrue(() -> pool(smallPort).getLong("cancelled") == poolBefore.getLong("cancelled") + 3,
        "the three dropped unrun at small");
    assertEquals(Map.of(200, 2L), statuses(busy.await()), "running work is not interrupted");
    awaitNodes(n -> n.get("small").getInteger("inFlight") == 0);
    JsonObject pool = pool(smallPort);
    assertEquals(poolBefore.getLong("completed") + 2, pool.getLong("completed"), "only the two ran: " + pool);
    Stats.assertAddsUp(pool);
    JsonObject small = nodesByName().get("small");
    assertEquals(3L, small.getLong("cancelled"), "the front counts them: " + small);
  }

  @Test
  @Order(6)
  void aWorkerDrainedMidLoadLosesNothingLeavesAndExits0() throws Exception {
    // Its caFile holds two CAs, as during a CA rotation: it trusts the front through the second one.
    Path bundle = Files.writeString(dir.resolve("two-cas.pem"), Files.readString(otherCa.resolve("ca.pem"))
        + Files.readString(certs.resolve("ca.pem")));
    startWorker("third", 4, ClusterCerts.tls(certs, "third").put("caFile", bundle.toString()));
    awaitNodes(n -> n.containsKey("third") && n.get("third").getString("state").equals("up"));
    ClosedLoop load = ClosedLoop.start(this, 8, "/work/sleep?ms=100",
        Map.of("X-Request-Timeout-Ms", Long.toString(CLIENT_TIMEOUT_MS)), 30);
    awaitNodes(n -> n.get("third").getInteger("inFlight") >= 1);
    ChildJvm third = workers.get("third");
    third.process().destroy();
    List<Reply> replies = load.await();
    assertTrue(third.process().waitFor(30, TimeUnit.SECONDS), "the drained worker ended");
    assertEquals(0, third.process().exitValue(), "a drained worker exits 0");
    assertEquals(Map.of(200, 240L), statuses(replies), () -> "nothing lost while a worker drained: "
        + errors(replies));
    JsonObject node = awaitNodes(n -> n.get("third").getString("state").equals("left")).get("third");
    assertEquals(0L, node.getLong("lost") + node.getLong("retried") + node.getLong("timedOut"), node.toString());
    assertTrue(third.stdout().get(third.stdout().size() - 1).startsWith("offload: stopped after "),
        third.stdout().toString());
    workers.remove("third");
  }

  @Test
  @Order(7)
  void theFrontIsNotReadyWhileNoLiveNodeExportsItsRoutesPoolAndReadyWhenOneJoins() throws Exception {
    assertEquals(200, get("/ready").statusCode());
    workers.remove("small").process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    awaitTrue(() -> get("/ready").statusCode() == 503, "not ready once small is lost");
    assertNotReady("no live cluster node exports pool io (route sleep)");
    startWorker("last", 2, ClusterCerts.tls(certs, "last"));
    awaitTrue(() -> get("/ready").statusCode() == 200, "ready again once last is up");
    assertEquals(200, get("/work/sleep?ms=1").statusCode());
  }

  // ---- the cluster ----

  private JsonObject cluster(int port) {
    return new JsonObject().put("port", port).put("members", new JsonArray().add("127.0.0.1:" + hazelcastPort))
        .put("failureDetectionMs", FAILURE_DETECTION_MS).put("connectTimeoutMs", CONNECT_TIMEOUT_MS);
  }

  private void startWorker(String name, int size, JsonObject tls) throws Exception {
    Path home = Files.createDirectories(dir.resolve(name));
    Path file = home.resolve("worker.json");
    int[] ports = TestService.freePorts(2);
    int httpPort = ports[0];
    JsonObject cluster = cluster(ports[1]);
    if (tls != null) {
      cluster.put("tls", tls);
    }
    Files.writeString(file, new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", httpPort).put("instances", 1))
        .put("cluster", cluster)
        .put("pools", new JsonObject().put("io", new JsonObject().put("size", size).put("exported", true)
            .put("maxQueue", 1000).put("maxQueueWaitMs", 10_000)))
        .put("shutdown", new JsonObject().put("graceMs", 300).put("timeoutMs", 5000)).encode());
    ChildJvm worker = ChildJvm.start(home, "worker", "--config", file.toString());
    workers.put(name, worker);
    workerHttpPorts.put(name, httpPort);
    try {
      // A Hazelcast join on this shared 2-core machine, with four JVMs already up, has taken 12 s.
      ChildJvm.awaitStats(httpPort, "\"nodeId\"", 60);
    } catch (AssertionError notUp) {
      throw new AssertionError("worker " + name + " did not start: " + String.join("\n", worker.stderr()), notUp);
    }
    JsonObject joined = ChildJvm.stats(httpPort).getJsonObject("cluster");
    nodeIds.put(name, joined.getString("nodeId"));
    System.out.println("worker " + name + " joined in " + joined.getLong("joinedInMs") + " ms");
  }

  private int httpPort(String name) throws Exception {
    return workerHttpPorts.get(name);
  }

  private JsonObject pool(int workerPort) throws Exception {
    return ChildJvm.stats(workerPort).getJsonObject("pools").getJsonObject("io");
  }

  private int members() throws Exception {
    return ChildJvm.stats(port()).getJsonObject("cluster").getJsonArray("members").size();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private void assertNotReady(String reason) throws Exception {
    HttpResponse<String> ready = get("/ready");
    assertEquals(503, ready.statusCode(), ready.body());
    assertEquals(reason, new JsonObject(ready.body()).getString("reason"));
  }

  private static void signal(ChildJvm jvm, String signal) throws Exception {
    if (jvm.process().isAlive()) {
      new ProcessBuilder("kill", "-" + signal, Long.toString(jvm.process().pid())).inheritIO().start()
          .waitFor(10, TimeUnit.SECONDS);
    }
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(Check check, String what) throws Exception {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!check.holds()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("never: " + what);
      }
      Thread.sleep(50);
    }
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
      for (Map.Entry<String, String> id : nodeIds.entrySet()) {
        if (name == null && id.getValue().equals(node.getString("id"))) {
          name = id.getKey();
        }
      }
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

  /** The distinct bodies of the answers that were not 200, for a failure's message. */
  private static java.util.Set<String> errors(List<Reply> replies) {
    return replies.stream().filter(r -> r.error() != null).map(Reply::error)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** One answer as a client saw it; status -1 when there was none (the connection failed); the body of a non-200. */
  private record Reply(int status, String nodeName, long startNanos, long endNanos, String error) {
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
          replies.add(new Reply(response.statusCode(), name, start, System.nanoTime(),
              response.statusCode() == 200 ? null : response.body()));
        } catch (IOException e) {
          replies.add(new Reply(-1, "none", start, System.nanoTime(), e.toString()));
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
