package dev.offload.cluster;

import dev.offload.config.ClusterSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * The nodes a front may send work to, learnt from the load each exporting node publishes a few times a second. A
 * node silent for {@code cluster.failureDetectionMs} is lost: it gets no more work, and the calls waiting on it are
 * told at once instead of waiting for their deadline. A node chosen for work is the less loaded of two picked at
 * random among those that export the pool and take work (the "power of two choices"), so a bigger pool gets more.
 */
final class ClusterDirectory {
  private static final Logger LOG = Logger.getLogger(ClusterDirectory.class.getName());
  /** Lost and departed nodes stay listed in /stats this long, so that an operator sees what happened. */
  private static final long FORGET_AFTER_NANOS = 600_000_000_000L;

  private final Vertx vertx;
  private final ClusterSettings settings;
  private final MeterRegistry registry;
  private final Map<String, NodeView> nodes = new ConcurrentHashMap<>();
  private MessageConsumer<JsonObject> consumer;
  private long silenceCheck = -1;

  ClusterDirectory(Vertx vertx, ClusterSettings settings, MeterRegistry registry) {
    this.vertx = vertx;
    this.settings = settings;
    this.registry = registry;
    for (NodeView.State state : NodeView.State.values()) {
      Gauge.builder("offload_cluster_nodes", nodes, all -> all.values().stream().filter(n -> n.state() == state)
              .count())
          .description("Exporting nodes this node knows, by state (up, draining, left, lost)")
          .tag("state", state.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
    }
  }

  /** Starts listening to the nodes' load, on a context of its own. */
  Future<Void> start() {
    Promise<Void> listening = Promise.promise();
    // The consumer and the timer share one event-loop context: what they do to the table never overlaps.
    vertx.getOrCreateContext().runOnContext(v -> {
      consumer = vertx.eventBus().consumer(WorkMessages.LOAD_ADDRESS, this::heard);
      silenceCheck = vertx.setPeriodic(settings.loadIntervalMs(), id -> findSilentNodes());
      consumer.completion().onComplete(listening);
    });
    return listening.future();
  }

  Future<Void> stop() {
    vertx.cancelTimer(silenceCheck);
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void heard(Message<JsonObject> message) {
    JsonObject load = message.body();
    String id = load.getString("node");
    if (id == null || (load.getBoolean("leaving", false) && !nodes.containsKey(id))) {
      return;
    }
    NodeView node = nodes.computeIfAbsent(id, n -> {
      LOG.info("cluster node " + n + " (" + load.getString("host") + ", http port " + load.getInteger("httpPort")
          + ") exports " + load.getJsonObject("pools", new JsonObject()).fieldNames());
      return new NodeView(n, registry);
    });
    if (load.getBoolean("leaving", false)) {
      LOG.info("cluster node " + id + " left the cluster after draining");
      node.left();
      return;
    }
    if (node.state() == NodeView.State.LOST
        && System.nanoTime() - node.lostAtNanos() < settings.failureDetectionMs() * 1_000_000L) {
      // A message sent just before the node died, arriving after its removal: not a sign of life.
      return;
    }
    if (node.state() == NodeView.State.LOST || node.state() == NodeView.State.LEFT) {
      // A node id is never reused: one heard again was wrongly taken as lost (a long pause); it is back.
      LOG.info("cluster node " + id + " is heard again");
      node.revive();
    }
    node.heard(load, System.nanoTime());
  }

  /**
   * Hazelcast removed the member (on loopback a killed node's refused connections tell it within a second; across
   * hosts its heartbeats, within failureDetectionMs): it is lost unless it said it was leaving. Any thread.
   */
  void memberRemoved(String id) {
    NodeView node = nodes.get(id);
    if (node != null && (node.state() == NodeView.State.UP || node.state() == NodeView.State.DRAINING)) {
      LOG.warning("cluster node " + id + " " + node.identity().getString("host") + " was removed from the cluster "
          + "without leaving: taken as lost");
      node.lost();
    }
  }

  private void findSilentNodes() {
    long now = System.nanoTime();
    long limit = settings.failureDetectionMs() * 1_000_000L;
    for (NodeView node : new ArrayList<>(nodes.values())) {
      if ((node.state() == NodeView.State.UP || node.state() == NodeView.State.DRAINING)
          && now - node.lastSeenNanos() > limit) {
        LOG.warning("cluster node " + node.id + " " + node.identity().getString("host") + " has not been heard for "
            + (now - node.lastSeenNanos()) / 1_000_000 + " ms: taken as lost");
        node.lost();
      } else if (node.state() != NodeView.State.UP && node.state() != NodeView.State.DRAINING
          && now - node.lastSeenNanos() > FORGET_AFTER_NANOS) {
        nodes.remove(node.id, node);
      }
    }
  }

  /**
   * The node to send the next piece of work for {@code pool} to, among those that take work and were not yet tried
   * for it; null when there is none.
   */
  NodeView pick(String pool, Set<String> tried) {
    List<NodeView> candidates = new ArrayList<>();
    for (NodeView node : nodes.values()) {
      if (node.takesWork() && !tried.contains(node.id) && node.load(pool) != null) {
        candidates.add(node);
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    NodeView a = candidates.get(random.nextInt(candidates.size()));
    if (candidates.size() == 1) {
      return a;
    }
    NodeView b = candidates.get(random.nextInt(candidates.size() - 1));
    if (b == a) {
      b = candidates.get(candidates.size() - 1);
    }
    double loadA = a.load(pool);
    double loadB = b.load(pool);
    if (loadA == loadB) {
      return random.nextBoolean() ? a : b;
    }
    return loadA < loadB ? a : b;
  }

  /** Every node known, for {@code /stats}. */
  JsonArray toJson() {
    long now = System.nanoTime();
    JsonArray out = new JsonArray();
    nodes.values().stream().sorted(java.util.Comparator.comparing(n -> n.id)).forEach(n -> out.add(n.toJson(now)));
    return out;
  }
}
