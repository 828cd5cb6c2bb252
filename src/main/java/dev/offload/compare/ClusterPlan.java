package dev.offload.compare;

import dev.offload.FreePorts;
import dev.offload.config.ConfigException;
import dev.offload.config.ConfigParser;
import dev.offload.config.OffloadConfig;
import dev.offload.config.PoolSettings;
import dev.offload.workload.Workloads;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compare strategy that runs on worker nodes ({@code "workers": N}): the cluster wiring on loopback (the front's
 * Hazelcast port is the seed every worker joins), the workers' config, and their start-up until the front sees them
 * all take work.
 */
final class ClusterPlan {
  private final CompareSpec.Entry entry;
  private final int seedPort;
  private final Map<String, Integer> threadsByPool;

  private ClusterPlan(CompareSpec.Entry entry, int seedPort, Map<String, Integer> threadsByPool) {
    this.entry = entry;
    this.seedPort = seedPort;
    this.threadsByPool = threadsByPool;
  }

  /** Checks the worker config as a worker would; a bad one fails with a ConfigException naming workerConfig. */
  static ClusterPlan of(CompareSpec.Entry entry, int seedPort) {
    ClusterPlan plan = new ClusterPlan(entry, seedPort, new LinkedHashMap<>());
    OffloadConfig worker;
    try {
      worker = new ConfigParser(Workloads.withPlugins()).parse(plan.workerConfig(seedPort + 1));
    } catch (ConfigException e) {
      throw new ConfigException("workerConfig." + e.key(), e.getMessage().substring(e.key().length() + 2));
    }
    for (PoolSettings pool : worker.pools().values()) {
      if (pool.exported()) {
        plan.threadsByPool.put(pool.name(), pool.size() * entry.workers());
      }
    }
    if (plan.threadsByPool.isEmpty()) {
      throw new ConfigException("workerConfig.pools", "no pool with \"exported\": true: the workers would take no "
          + "work");
    }
    return plan;
  }

  /** What the front's config gets: its Hazelcast port, which is also the cluster's one seed. */
  JsonObject frontCluster() {
    return new JsonObject().put("cluster", new JsonObject().put("port", seedPort)
        .put("members", new JsonArray().add("127.0.0.1:" + seedPort)));
  }

  /** A worker's config on its own Hazelcast port, joining through the front; it stops quickly, as the front does. */
  JsonObject workerConfig(int hazelcastPort) {
    return ConfigMerge.merge(entry.workerConfig(), new JsonObject()
        .put("cluster", new JsonObject().put("port", hazelcastPort)
            .put("members", new JsonArray().add("127.0.0.1:" + seedPort)))
        .put("shutdown", new JsonObject().put("graceMs", 0).put("timeoutMs", 5000)));
  }

  Map<String, Integer> threadsByPool() {
    return threadsByPool;
  }

  /**
   * Starts the workers into {@code started} and waits until each is ready and the front lists them all up; returns
   * why not, or null.
   */
  String start(ServiceLauncher launcher, ChildService front, Path dir, String name, List<ChildService> started,
      long timeoutMs) throws IOException, InterruptedException {
    for (int i = 1; i <= entry.workers(); i++) {
      started.add(launcher.worker(workerConfig(FreePorts.next()), dir, name + "-worker-" + i));
    }
    for (int i = 0; i < started.size(); i++) {
      if (!started.get(i).awaitReady(timeoutMs)) {
        return "worker " + (i + 1) + (started.get(i).alive() ? " not ready within " + timeoutMs / 1000 + " s"
            : " exited at start");
      }
    }
    long giveUp = System.nanoTime() + timeoutMs * 1_000_000L;
    int up = 0;
    while (System.nanoTime() < giveUp) {
      up = 0;
      JsonArray nodes = new JsonObject(front.get("/stats").body()).getJsonObject("cluster").getJsonArray("nodes");
      for (Object node : nodes) {
        up += "up".equals(((JsonObject) node).getString("state")) ? 1 : 0;
      }
      if (up >= entry.workers()) {
        return front.awaitReady(Math.max(1, (giveUp - System.nanoTime()) / 1_000_000)) ? null
            : "the front did not become ready once its " + entry.workers() + " workers were up";
      }
      Thread.sleep(100);
    }
    return "the front saw " + up + " of " + entry.workers() + " workers within " + timeoutMs / 1000 + " s";
  }
}
