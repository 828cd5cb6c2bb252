package dev.offload;

import dev.offload.config.ConfigParser;
import dev.offload.workload.Workloads;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts offload servers for tests on a free loopback port, and stops them all after each test. */
final class TestService implements AutoCloseable {
  private final List<OffloadServer> started = new ArrayList<>();

  /**
   * A small valid config on a free port: pools cpu (2) and io (8), a db table of 1000 rows; the caller adds routes
   * and changes the rest.
   */
  static JsonObject config(int instances) {
    return new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", freePort()).put("instances", instances))
        .put("vertx", new JsonObject().put("eventLoopPoolSize", Math.max(instances, 2)).put("workerPoolSize", 20))
        .put("pools", new JsonObject()
            .put("cpu", new JsonObject().put("size", 2))
            .put("io", new JsonObject().put("size", 8)))
        .put("routes", new JsonObject())
        // A small seeded table keeps every test's start quick; the db tests set their own.
        .put("workloads", new JsonObject().put("db", new JsonObject().put("rows", 1000)));
  }

  static JsonObject route(String strategy) {
    return new JsonObject().put("strategy", strategy);
  }

  Future<OffloadServer> start(JsonObject json) {
    return start(json, Workloads.builtIn());
  }

  Future<OffloadServer> start(JsonObject json, Workloads workloads) {
    return OffloadServer.start(new ConfigParser(workloads).parse(json), workloads).onSuccess(started::add);
  }

  @Override
  public void close() throws Exception {
    for (OffloadServer server : started) {
      server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    started.clear();
  }

  /** {@code n} free ports, all different and never handed out before in this JVM ({@link FreePorts}). */
  static int[] freePorts(int n) {
    int[] ports = new int[n];
    for (int i = 0; i < n; i++) {
      ports[i] = FreePorts.next();
    }
    return ports;
  }

  /** A free port never handed out before in this JVM ({@link FreePorts}). */
  static int freePort() {
    return FreePorts.next();
  }
}
