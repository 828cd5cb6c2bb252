package dev.offload.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.workload.ParamSpec;
import dev.offload.workload.Workloads;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each class of invalid config is refused with the key that is wrong; a valid one yields exactly what it says. */
class ConfigParserTest {
  private static final String VALID = "{"
      + "\"http\": {\"host\": \"0.0.0.0\", \"port\": 8080, \"instances\": 4},"
      + "\"vertx\": {\"eventLoopPoolSize\": 4, \"workerPoolSize\": 20, \"maxEventLoopExecuteMs\": 100},"
      + "\"pools\": {\"cpu\": {\"size\": 2, \"maxQueue\": 64, \"maxQueueWaitMs\": 2000},"
      + "            \"io\": {\"size\": 64, \"maxQueue\": 1000, \"maxQueueWaitMs\": 5000}},"
      + "\"routes\": {\"cpu\": {\"strategy\": \"worker-pool\", \"pool\": \"cpu\"},"
      + "             \"sleep\": {\"strategy\": \"virtual-thread\"}}}";

  private final ConfigParser java25 = new ConfigParser(Workloads.builtIn(), 25);

  @Test
  void theDesignExampleParsesToWhatItSays() {
    OffloadConfig c = java25.parse(new JsonObject(VALID));
    assertEquals(new HttpSettings("0.0.0.0", 8080, 4, 65_536, 60, 10_000, 10_000, 8192, 4096, null), c.http());
    assertEquals(new VertxSettings(4, 20, 100), c.vertx());
    assertEquals(new PoolSettings("cpu", 2), c.pools().get("cpu"));
    assertEquals(new PoolSettings("io", 64), c.pools().get("io"));
    assertEquals(new AdmissionSettings("cpu", 2, 64, 2000, null), c.admission().get("cpu"));
    assertEquals(new AdmissionSettings("io", 64, 1000, 5000, null), c.admission().get("io"));
    assertEquals(new AdmissionSettings("event-loop", 4, 1000, 5000, null), c.admission().get("event-loop"));
    assertEquals(new AdmissionSettings("default", 20, 1000, 5000, null), c.admission().get("default"));
    assertEquals(new AdmissionSettings("virtual", 10_000, 1000, 5000, null), c.admission().get("virtual"));
    assertEquals(new ReadinessSettings(0.8), c.readiness());
    assertEquals(new ShutdownSettings(5000, 30_000), c.shutdown());
    assertEquals(new RouteSettings(Strategy.WORKER_POOL, false, "cpu"), c.route("cpu"));
    assertEquals(new RouteSettings(Strategy.VIRTUAL_THREAD, false, null), c.route("sleep"));
  }

  @Test
  void anEmptyObjectTakesEveryDefault() {
    OffloadConfig c = java25.parse(new JsonObject());
    assertEquals(8080, c.http().port());
    assertEquals(RouteSettings.DEFAULT, c.route("cpu"));
    assertEquals(new RouteSettings(Strategy.EXECUTE_BLOCKING, false, null), c.route("sleep"));
    ParamSpec iterations = c.limits().get("cpu").get(0);
    assertEquals("iterations", iterations.name());
    assertEquals(1, iterations.min());
    assertEquals(10_000_000, iterations.max());
    ParamSpec ms = c.limits().get("sleep").get(0);
    assertEquals(0, ms.min());
    assertEquals(60_000, ms.max());
    assertEquals(50, c.metrics().lagProbeIntervalMs());
    assertEquals(new DashboardSettings(true, 64, 300), c.dashboard());
  }

  @Test
  void theDashboardSectionIsCheckedKeyByKey() {
    assertEquals(new DashboardSettings(false, 3, 0), java25.parse(new JsonObject(
        "{\"dashboard\": {\"enabled\": false, \"maxStreams\": 3, \"historySeconds\": 0}}")).dashboard());
    refused("dashboard.enabled", "true or false", "{\"dashboard\": {\"enabled\": \"yes\"}}");
    refused("dashboard.maxStreams", "out of range 1..10000", "{\"dashboard\": {\"maxStreams\": 0}}");
    refused("dashboard.historySeconds", "out of range 0..3600", "{\"dashboard\": {\"historySeconds\": 7200}}");
    refused("dashboard.colour", "unknown", "{\"dashboard\": {\"colour\": \"red\"}}");
  }

  @Test
  void executeBlockingTakesOrdered() {
    OffloadConfig c = java25.parse(new JsonObject(
        "{\"routes\": {\"cpu\": {\"strategy\": \"execute-blocking\", \"ordered\": true}}}"));
    assertTrue(c.route("cpu").ordered());
  }

  @Test
  void everyStrategyTakesTimingsWhichAreOnUnlessTurnedOff() {
    OffloadConfig c = java25.parse(new JsonObject("{\"routes\": {\"cpu\": {\"strategy\": \"event-loop\","
        + " \"timings\": false}, \"sleep\": {\"strategy\": \"virtual-thread\"}}}"));
    assertFalse(c.route("cpu").timings());
    assertTrue(c.route("sleep").timings());
    assertTrue(c.route("hash").timings(), "a route with no entry");
  }

  @Test
  void limitsNarrowTheParameterRanges() {
    OffloadConfig c = java25.parse(new JsonObject(
        "{\"limits\": {\"cpu\": {\"iterations\": {\"max\": 5000}}, \"sleep\": {\"ms\": {\"min\": 10, \"max\": 20}}}}"));
    assertEquals(5000, c.limits().get("cpu").get(0).max());
    assertEquals(1, c.limits().get("cpu").get(0).min());
    assertEquals(10, c.limits().get("sleep").get(0).min());
    assertEquals(20, c.limits().get("sleep").get(0).max());
  }

  @Test
  void unknownStrategyNamesTheKeyAndTheChoices() {
    refused("routes.cpu.strategy",
        "routes.cpu.strategy: unknown strategy \"worker-pol\" (one of event-loop, execute-blocking, worker-pool, "
            + "worker-verticle, virtual-thread, cluster)",
        with("routes", "{\"cpu\": {\"strategy\": \"worker-pol\", \"pool\": \"cpu\"}}"));
  }

  @Test
  void aRouteNamingAMissingPool() {
    refused("routes.cpu.pool", "no pool named \"gpu\"",
        with("routes", "{\"cpu\": {\"strategy\": \"worker-pool\", \"pool\": \"gpu\"}}"));
    refused("routes.cpu.pool", "missing", with("routes", "{\"cpu\": {\"strategy\": \"worker-verticle\"}}"));
  }

  @Test
  void poolSizeZero() {
    refused("pools.cpu.size", "0 is out of range 1..10000", with("pools", "{\"cpu\": {\"size\": 0}}"));
    refused("pools.cpu.size", "missing", with("pools", "{\"cpu\": {\"maxQueue\": 3}}"));
  }

  @Test
  void portOutOfRange() {
    refused("http.port", "70000 is out of range 1..65535", with("http", "{\"port\": 70000}"));
    refused("http.port", "out of range", with("http", "{\"port\": 0}"));
  }

  @Test
  void unknownKeysAtEveryLevel() {
    refused("htp", "unknown key", "{\"htp\": {}}");
    refused("http.prot", "unknown key (allowed here: ", with("http", "{\"prot\": 1}"));
    refused("pools.cpu.sise", "unknown key", with("pools", "{\"cpu\": {\"size\": 1, \"sise\": 2}}"));
    refused("routes.cpu.pol", "unknown key", with("routes", "{\"cpu\": {\"strategy\": \"event-loop\", \"pol\": 1}}"));
    refused("routes.cpuu", "no workload named \"cpuu\"", with("routes", "{\"cpuu\": {\"strategy\": \"event-loop\"}}"));
    refused("limits.cpu.iteration", "unknown key", with("limits", "{\"cpu\": {\"iteration\": {\"max\": 1}}}"));
  }

  @Test
  void wrongTypes() {
    refused("http.port", "must be a whole number, got the string \"8080\"", with("http", "{\"port\": \"8080\"}"));
    refused("http.instances", "must be a whole number, got 1.5", with("http", "{\"instances\": 1.5}"));
    refused("pools", "must be an object, got an array", "{\"pools\": []}");
    refused("routes.cpu.ordered", "must be true or false",
        with("routes", "{\"cpu\": {\"strategy\": \"execute-blocking\", \"ordered\": \"yes\"}}"));
    refused("routes.cpu.timings", "must be true or false",
        with("routes", "{\"cpu\": {\"strategy\": \"event-loop\", \"timings\": 0}}"));
    refused("routes.cpu.strategy", "must be a string", with("routes", "{\"cpu\": {\"strategy\": 3}}"));
  }

  @Test
  void settingsThatDoNotApplyToTheStrategy() {
    refused("routes.cpu.ordered", "only execute-blocking takes",
        with("routes", "{\"cpu\": {\"strategy\": \"worker-pool\", \"pool\": \"cpu\", \"ordered\": true}}"));
    refused("routes.cpu.pool", "event-loop does not use a pool",
        with("routes", "{\"cpu\": {\"strategy\": \"event-loop\", \"pool\": \"cpu\"}}"));
    refused("pools.default", "reserved", with("pools", "{\"default\": {\"size\": 1}}"));
    refused("limits.cpu.iterations.min", "above max",
        with("limits", "{\"cpu\": {\"iterations\": {\"min\": 10, \"max\": 5}}}"));
    refused("limits.cpu.iterations.min", "out of range", with("limits", "{\"cpu\": {\"iterations\": {\"min\": 0}}}"));
  }

  @Test
  void admissionOfBuiltInPoolsAndAdaptiveLimits() {
    OffloadConfig c = java25.parse(new JsonObject("{"
        + "\"admission\": {\"default\": {\"maxConcurrent\": 4, \"maxQueue\": 8, \"maxQueueWaitMs\": 100},"
        + "               \"event-loop\": {\"maxQueue\": 0}},"
        + "\"pools\": {\"db\": {\"size\": 10, \"maxQueue\": 5,"
        + "  \"limit\": {\"type\": \"aimd\", \"min\": 2, \"targetQueueWaitMs\": 50}}},"
        + "\"readiness\": {\"queueRatio\": 0.5}, \"shutdown\": {\"graceMs\": 0, \"timeoutMs\": 100}}"));
    assertEquals(new AdmissionSettings("default", 4, 8, 100, null), c.admission().get("default"));
    assertEquals(0, c.admission().get("event-loop").maxQueue());
    assertEquals(new AdmissionSettings("db", 10, 5, 5000, new AimdSettings(2, 10, 50, 0.9)), c.admission().get("db"));
    assertEquals(0.5, c.readiness().queueRatio());
    assertEquals(new ShutdownSettings(0, 100), c.shutdown());
  }

  @Test
  void badAdmissionSettings() {
    refused("pools.cpu.limit.type", "unknown limit type \"aimdd\"",
        with("pools", "{\"cpu\": {\"size\": 4, \"limit\": {\"type\": \"aimdd\", \"targetQueueWaitMs\": 5}}}"));
    refused("pools.cpu.limit.max", "5 is out of range 1..4",
        with("pools", "{\"cpu\": {\"size\": 4, \"limit\": {\"type\": \"aimd\", \"max\": 5, \"targetQueueWaitMs\": 5}}}"));
    refused("pools.cpu.limit.targetQueueWaitMs", "missing",
        with("pools", "{\"cpu\": {\"size\": 4, \"limit\": {\"type\": \"aimd\"}}}"));
    refused("admission.default.size", "unknown key", with("admission", "{\"default\": {\"size\": 4}}"));
    refused("admission.cpu", "unknown key", with("admission", "{\"cpu\": {}}"));
    refused("readiness.queueRatio", "out of range", with("readiness", "{\"queueRatio\": 1.5}"));
    refused("shutdown.graceMs", "must be a whole number", with("shutdown", "{\"graceMs\": \"5s\"}"));
    refused("pools.cpu.limit.targetQueueWaitMs", "must be below maxQueueWaitMs 2000", with("pools",
        "{\"cpu\": {\"size\": 4, \"maxQueueWaitMs\": 2000, \"limit\": {\"type\": \"aimd\", \"targetQueueWaitMs\": 2000}}}"));
    refused("admission.default.maxConcurrent", "above vertx.workerPoolSize 20",
        with("admission", "{\"default\": {\"maxConcurrent\": 21}}"));
  }

  @Test
  void anExplicitNullIsRefusedNotTakenForTheDefault() {
    refused("pools.cpu.size", "got null", with("pools", "{\"cpu\": {\"size\": null}}"));
    refused("http", "must be an object, got null", "{\"http\": null}");
    refused("routes.cpu.strategy", "got null", with("routes", "{\"cpu\": {\"strategy\": null}}"));
  }

  @Test
  void virtualThreadsAreRefusedBeforeJava21WithTheReason() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> new ConfigParser(Workloads.builtIn(), 17).parse(new JsonObject(VALID)));
    assertEquals("routes.sleep.strategy", e.key());
    assertTrue(e.getMessage().contains("virtual-thread needs Java 21 or later, this JVM is Java 17"), e.getMessage());
  }

  @Test
  void theLoaderNamesTheFileAndTheKey(@TempDir Path dir) throws Exception {
    ConfigLoader loader = new ConfigLoader(Workloads.builtIn());
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, with("http", "{\"port\": 70000}"));
    assertEquals("config: " + bad + ": http.port: 70000 is out of range 1..65535",
        assertThrows(ConfigLoader.ConfigFileException.class, () -> loader.load(bad)).getMessage());
    Path notJson = dir.resolve("not.json");
    Files.writeString(notJson, "{\"http\": ");
    String message = assertThrows(ConfigLoader.ConfigFileException.class, () -> loader.load(notJson)).getMessage();
    assertTrue(message.startsWith("config: " + notJson + ": not a JSON object"), message);
    assertFalse(message.contains("\n"), message);
    Path missing = dir.resolve("missing.json");
    assertEquals("config: " + missing + ": no such file",
        assertThrows(ConfigLoader.ConfigFileException.class, () -> loader.load(missing)).getMessage());
  }

  @Test
  void workloadSettingsAreCheckedByTheirWorkload() {
    OffloadConfig c = java25.parse(new JsonObject(with("workloads",
        "{\"db\": {\"url\": \"jdbc:postgresql://127.0.0.1/offload\", \"user\": \"u\", \"poolSize\": 4}}")));
    assertEquals(4, c.workloadSettings().get("db").get("poolSize"));
    assertEquals(Map.of(), c.workloadSettings().get("cpu"));
    refused("workloads.nothing", "no workload named", with("workloads", "{\"nothing\": {}}"));
    refused("workloads.db.poolsize", "unknown key", with("workloads", "{\"db\": {\"poolsize\": 4}}"));
    refused("workloads.db.poolSize", "1..1000", with("workloads", "{\"db\": {\"poolSize\": 0}}"));
    refused("workloads.db.url", "jdbc:", with("workloads", "{\"db\": {\"url\": \"postgres://x\"}}"));
    refused("workloads.db.passwordEnv", "not set",
        with("workloads", "{\"db\": {\"passwordEnv\": \"OFFLOAD_TEST_SURELY_UNSET_VARIABLE\"}}"));
    refused("workloads.cpu.x", "takes no settings", with("workloads", "{\"cpu\": {\"x\": 1}}"));
    refused("http.maxBodyBytes", "64..", with("http", "{\"maxBodyBytes\": 1}"));
  }

  @Test
  void httpLimitsAndTheirRanges() {
    OffloadConfig c = java25.parse(new JsonObject(with("http", "{\"idleTimeoutSeconds\": 5, \"requestHeaderTimeoutMs\": 300,"
        + " \"maxConnections\": 50, \"maxHeaderBytes\": 2048, \"maxInitialLineBytes\": 1024}")));
    assertEquals(new HttpSettings("0.0.0.0", 8080, Runtime.getRuntime().availableProcessors(), 65_536, 5, 300, 50, 2048,
        1024, null), c.http());
    refused("http.idleTimeoutSeconds", "0 is out of range 1..86400", with("http", "{\"idleTimeoutSeconds\": 0}"));
    refused("http.requestHeaderTimeoutMs", "out of range 100..600000",
        with("http", "{\"requestHeaderTimeoutMs\": 50}"));
    refused("http.maxConnections", "out of range 1..1000000", with("http", "{\"maxConnections\": 0}"));
    refused("http.maxHeaderBytes", "out of range 1024..", with("http", "{\"maxHeaderBytes\": 100}"));
    refused("http.maxInitialLineBytes", "out of range 256..", with("http", "{\"maxInitialLineBytes\": 10}"));
    refused("http.tls.certFile", "missing (a PEM file)", with("http", "{\"tls\": {\"keyFile\": \"k.pem\"}}"));
    refused("http.tls.certFile", "cannot read /surely/not/here.pem",
        with("http", "{\"tls\": {\"certFile\": \"/surely/not/here.pem\", \"keyFile\": \"k.pem\"}}"));
    refused("http.tls.cert", "unknown key", with("http", "{\"tls\": {\"cert\": \"x\"}}"));
  }

  @Test
  void theAdminApiOffTheMachineNeedsTlsOrAnExplicitYes() {
    refused("admin.host", "0.0.0.0, which is not a loopback address, without TLS: give admin.tls",
        with("admin", "{\"host\": \"0.0.0.0\", \"port\": 9090}"));
    refused("admin.host", "10.1.2.3, which is not a loopback address",
        with("admin", "{\"host\": \"10.1.2.3\", \"port\": 9090}"));
    refused("admin.host", "give http.tls", with("admin", "{\"port\": 8080}"));
    OffloadConfig plain = java25.parse(new JsonObject(with("admin",
        "{\"host\": \"0.0.0.0\", \"port\": 9090, \"allowPlainHttp\": true}")));
    assertTrue(plain.admin().allowPlainHttp());
    for (String loopback : List.of("127.0.0.1", "127.8.9.10", "localhost", "::1", "[::1]")) {
      assertEquals(loopback, java25.parse(new JsonObject(with("admin",
          "{\"host\": \"" + loopback + "\", \"port\": 9090}"))).admin().host());
    }
    refused("admin.tls", "uses http.tls", with("admin", "{\"port\": 8080, \"tls\": {}}"));
  }

  @Test
  void aClusterSectionGivesItsSettingsAndDefaults() {
    JsonObject json = new JsonObject(VALID)
        .put("cluster", new JsonObject().put("members", new io.vertx.core.json.JsonArray().add("10.0.0.5")
            .add("10.0.0.6:5702")).put("publicHost", "203.0.113.7").put("failureDetectionMs", 3000)
            .put("allowPlainText", true).put("connectTimeoutMs", 700))
        .put("pools", new JsonObject(VALID).getJsonObject("pools").put("gpu", new JsonObject().put("size", 4)
            .put("exported", true)))
        .put("routes", new JsonObject().put("hash", new JsonObject().put("strategy", "cluster").put("pool", "gpu")))
        .put("admission", new JsonObject().put("cluster:gpu", new JsonObject().put("maxConcurrent", 40)));
    OffloadConfig c = java25.parse(json);
    assertEquals(new ClusterSettings("offload", "127.0.0.1", "203.0.113.7", 5701, 0,
        List.of("10.0.0.5", "10.0.0.6:5702"), 3000, 30_000, 3, 700, null, true), c.cluster());
    assertEquals(new ClusterSettings("offload", "127.0.0.1", "127.0.0.1", 5701, 0, List.of(), 5000, 30_000, 3,
        ClusterSettings.DEFAULT_CONNECT_TIMEOUT_MS, null, false), java25.parse(new JsonObject(with("cluster", "{}")))
        .cluster());
    assertEquals(new PoolSettings("gpu", 4, true, 0), c.pools().get("gpu"));
    assertTrue(c.exportsPools());
    assertEquals(new RouteSettings(Strategy.CLUSTER, false, "gpu"), c.route("hash"));
    // The front's own bound on what it has in flight to the cluster's gpu pool.
    assertEquals(40, c.admission().get("cluster:gpu").maxConcurrent());
    assertEquals(1000, c.admission().get("cluster:gpu").maxQueue());
    assertEquals(null, java25.parse(new JsonObject(VALID)).cluster());
  }

  @Test
  void theClusterExamplesAreValidAndTheWorkersExportWhatTheFrontNames(@TempDir Path temp) throws Exception {
    // The README makes these with scripts/cluster-certs.sh before it starts the nodes; the test makes its own.
    Path certs = dev.offload.ClusterCerts.make(temp.resolve("certs"), "front", "worker1", "worker2");
    OffloadConfig front = java25.parse(example("front", certs));
    assertEquals("examples/cluster/certs/front.pem", new JsonObject(Files.readString(
        Path.of("examples/cluster/front.json"))).getJsonObject("cluster").getJsonObject("tls").getString("certFile"));
    assertTrue(front.cluster().tls() != null, "the example runs with TLS on");
    assertEquals(Strategy.CLUSTER, front.route("sleep").strategy());
    for (String worker : List.of("worker1", "worker2")) {
      OffloadConfig w = java25.parse(example(worker, certs));
      assertTrue(w.cluster().tls().certFile().endsWith(worker + ".pem"), worker);
      assertTrue(w.pools().get(front.route("sleep").pool()).exported(), worker);
      assertEquals(front.cluster().members(), w.cluster().members(), worker);
    }
  }

  private static JsonObject example(String node, Path certs) throws Exception {
    return dev.offload.ClusterCerts.withFilesFrom(new JsonObject(Files.readString(Path.of("examples/cluster/" + node
        + ".json"))), certs);
  }

  @Test
  void aPoolsNiceValueIsInRange() {
    refused("pools.cpu.nice", "out of range", with("pools", "{\"cpu\": {\"size\": 2, \"nice\": 20}}"));
    refused("pools.cpu.nice", "must be a whole number", with("pools", "{\"cpu\": {\"size\": 2, \"nice\": \"low\"}}"));
    if (dev.offload.dispatch.ThreadNice.whyUnsupported() == null) {
      assertEquals(10, java25.parse(new JsonObject(with("pools", "{\"cpu\": {\"size\": 2, \"nice\": 10}}")))
          .pools().get("cpu").nice());
    }
  }

  @Test
  void badClusterSettingsNameTheirKey() {
    refused("cluster.port", "out of range", with("cluster", "{\"port\": 70000}"));
    refused("cluster.members[1]", "port must be 1..65535", with("cluster", "{\"members\": [\"a\", \"b:0\"]}"));
    refused("cluster.members[0]", "must be a string", with("cluster", "{\"members\": [5701]}"));
    refused("cluster.members[0]", "port must be 1..65535", with("cluster", "{\"members\": [\"[::1]:99999\"]}"));
    assertEquals(List.of("[::1]:5702", "[::1]", "::1"), java25.parse(new JsonObject(with("cluster",
        "{\"members\": [\"[::1]:5702\", \"[::1]\", \"::1\"]}"))).cluster().members());
    refused("cluster.members", "must be an array of strings", with("cluster", "{\"members\": \"a,b\"}"));
    refused("cluster.failureDetectionMs", "out of range", with("cluster", "{\"failureDetectionMs\": 100}"));
    refused("cluster.name", "letters, digits", with("cluster", "{\"name\": \"a b\"}"));
    refused("cluster.host", "must not be empty", with("cluster", "{\"host\": \" \"}"));
    refused("cluster.hosts", "unknown key", with("cluster", "{\"hosts\": []}"));
  }

  @Test
  void clusterRoutesAndExportedPoolsNeedACluster() {
    refused("routes.hash.strategy", "needs a \"cluster\" section",
        with("routes", "{\"hash\": {\"strategy\": \"cluster\", \"pool\": \"cpu\"}}"));
    refused("pools.gpu.exported", "needs a \"cluster\" section",
        with("pools", "{\"gpu\": {\"size\": 1, \"exported\": true}}"));
    JsonObject clustered = new JsonObject(VALID).put("cluster", new JsonObject());
    refused("routes.hash.pool", "missing", clustered.copy().put("routes", new JsonObject().put("hash",
        new JsonObject().put("strategy", "cluster"))).encode());
    refused("routes.hash.ordered", "only execute-blocking", clustered.copy().put("routes", new JsonObject().put("hash",
        new JsonObject().put("strategy", "cluster").put("pool", "gpu").put("ordered", true))).encode());
    refused("admission.cluster:gpu", "no route sends work", clustered.copy().put("admission", new JsonObject()
        .put("cluster:gpu", new JsonObject())).encode());
    refused("admission.cluster:GPU", "unknown key", clustered.copy().put("admission", new JsonObject()
        .put("cluster:GPU", new JsonObject())).encode());
  }

  private void refused(String key, String messagePart, String json) {
    ConfigException e = assertThrows(ConfigException.class, () -> java25.parse(new JsonObject(json)), json);
    assertEquals(key, e.key(), e.getMessage());
    assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
  }

  private static String with(String section, String value) {
    JsonObject json = new JsonObject(VALID);
    json.put(section, new io.vertx.core.json.JsonObject("{\"x\": " + value + "}").getValue("x"));
    return json.encode();
  }
}
