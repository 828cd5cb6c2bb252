package dev.offload.cluster;

import dev.offload.config.ClusterSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * The nodes a front may send work to, learnt from the load each exporting node publishes a few times a second and
 * from Hazelcast's members. A node gets work only once a probe has shown that this front's messages reach it (TLS and
 * all); one that cannot be reached is listed unreachable with the reason, logged once (after a failed write, or two
 * failed probes in a row: a JVM that has just started may answer its first one late), and probed again every
 * {@code cluster.failureDetectionMs}. A node silent for {@code cluster.failureDetectionMs} is lost: it gets no more
 * work, and the calls waiting on it are told at once instead of waiting for their deadline. A node chosen for work is
 * the less loaded of two picked at random among those that export the pool and take work (the "power of two
 * choices"), so a bigger pool gets more.
 */
final class ClusterDirectory {
  private static final Logger LOG = Logger.getLogger(ClusterDirectory.class.getName());
  /** Lost and departed nodes stay listed in /stats this long, so that an operator sees what happened. */
  private static final long FORGET_AFTER_NANOS = 600_000_000_000L;

  private final Vertx vertx;
  private final ClusterSettings settings;
  private final MeterRegistry registry;
  private final ReachProbe reach;
  private final String selfId;
  private final Map<String, NodeView> nodes = new ConcurrentHashMap<>();
  // Hazelcast's other members, by Vert.x node id, with the host they joined from: exporters or not, trusted or not.
  private final Map<String, String> members = new HashMap<>();
  private final Set<String> probing = new HashSet<>();
  private MessageConsumer<JsonObject> consumer;
  private long silenceCheck = -1;
  private long reprobe = -1;
  // Where the table changes: load messages, probes, silence checks and Hazelcast's events all run here, one at a time.
  private Context context;

  ClusterDirectory(Vertx vertx, ClusterSettings settings, MeterRegistry registry, ReachProbe reach, String selfId) {
    this.vertx = vertx;
    this.settings = settings;
    this.registry = registry;
    this.reach = reach;
    this.selfId = selfId;
    for (NodeView.State state : NodeView.State.values()) {
      Gauge.builder("offload_cluster_nodes", nodes, all -> all.values().stream().filter(n -> n.state() == state)
              .count())
          .description("Exporting nodes this node knows, by state (pending, up, draining, unreachable, left, lost)")
          .tag("state", state.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
    }
  }

  /** Starts listening to the nodes' load, on a context of its own. */
  Future<Void> start() {
    Promise<Void> listening = Promise.promise();
    context = ((VertxInternal) vertx).createEventLoopContext();
    context.runOnContext(v -> {
      consumer = vertx.eventBus().consumer(WorkMessages.LOAD_ADDRESS, this::heard);
      // Twice per load interval, so a silent node is found within failureDetectionMs + half an interval.
      silenceCheck = vertx.setPeriodic(Math.max(10, settings.loadIntervalMs() / 2), id -> findSilentNodes());
      reprobe = vertx.setPeriodic(settings.reprobeIntervalMs(), id -> probeAgain());
      consumer.completion().onComplete(listening);
    });
    return listening.future();
  }

  Future<Void> stop() {
    vertx.cancelTimer(silenceCheck);
    vertx.cancelTimer(reprobe);
    nodes.values().forEach(node -> node.removeMeters(registry));
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
      return new NodeView(n, load.getString("host"), registry);
    });
    if (load.getBoolean("leaving", false)) {
      LOG.info("cluster node " + id + " left the cluster after draining");
      node.left();
      return;
    }
    if (node.state() == NodeView.State.LEFT) {
      // It said it left: a load message it sent before that, arriving late, is no sign of life (ids are not reused).
      return;
    }
    if (node.state() == NodeView.State.LOST) {
      if (System.nanoTime() - node.lostAtNanos() < settings.failureDetectionMs() * 1_000_000L) {
        // A message sent just before the node died, arriving after its removal: not a sign of life.
        return;
      }
      // Heard long after it was taken as lost: it was only paused (a long GC, a frozen VM), and is back.
      LOG.info("cluster node " + id + " is heard again; it takes work once a probe reaches it");
      node.revive();
    }
    node.heard(load, System.nanoTime());
    if (node.state() == NodeView.State.PENDING) {
      probe(id);
    }
  }

  /**
   * Hazelcast has (or gained) member {@code id}, joined from {@code host}: it may export pools. A member that joins
   * is probed at once; the members already there when this node joined ({@code probeNow} false) at the next round of
   * probes, once this node's own start, which slows its first TLS handshakes, is over. Any thread.
   */
  void memberSeen(String id, String host, boolean probeNow) {
    context.runOnContext(v -> {
      if (id.equals(selfId)) {
        return;
      }
      members.put(id, host);
      if (probeNow && !nodes.containsKey(id)) {
        // An exporter this front cannot reach never sends it a load message that arrives: a probe finds it.
        probe(id);
      }
    });
  }

  /**
   * Hazelcast removed the member (on loopback a killed node's refused connections tell it within a second; across
   * hosts its heartbeats, within failureDetectionMs): it is lost unless it said it was leaving. Any thread.
   */
  void memberRemoved(String id) {
    context.runOnContext(v -> removed(id));
  }

  private void removed(String id) {
    members.remove(id);
    NodeView node = nodes.get(id);
    if (node == null) {
      return;
    }
    if (!node.heardFrom()) {
      // Known only as a member it could not reach: nothing to lose, nothing to remember.
      nodes.remove(id, node);
      node.removeMeters(registry);
    } else if (node.state() != NodeView.State.LEFT && node.state() != NodeView.State.LOST) {
      LOG.warning("cluster node " + id + " " + node.identity().getString("host") + " was removed from the cluster "
          + "without leaving: taken as lost");
      node.lost();
    }
  }

  /** A call could not write to {@code node} ({@code reason}): it gets no work until a probe reaches it. Any thread. */
  void unreachable(NodeView node, String reason) {
    context.runOnContext(v -> {
      node.unreachable(reason);
      if (node.logUnreachableNow(true)) {
        logUnreachable(node, reason);
      }
    });
  }

  private void probe(String id) {
    if (!probing.add(id)) {
      return;
    }
    reach.probe(id).onComplete(done -> {
      probing.remove(id);
      probed(id, done.succeeded() ? done.result()
          : new ReachProbe.Result(false, false, "the probe failed: " + done.cause()));
    });
  }

  private void probed(String id, ReachProbe.Result result) {
    NodeView node = nodes.get(id);
    if (result.reached()) {
      boolean wasLogged = node != null && node.state() == NodeView.State.UNREACHABLE && node.unreachableLogged();
      if (node != null && node.reachable() && wasLogged) {
        LOG.info("cluster node " + id + " " + node.identity().getString("host") + " is reachable again");
      }
      return;
    }
    if (result.noConsumer()) {
      // Not an exporter (a front), not yet one (its consumers come after its HTTP side), or leaving.
      return;
    }
    if (node == null) {
      String host = members.get(id);
      if (host == null) {
        return;
      }
      node = nodes.computeIfAbsent(id, n -> new NodeView(n, host, registry));
    }
    node.probeFailed();
    node.unreachable(result.reason());
    if (node.logUnreachableNow(false)) {
      logUnreachable(node, result.reason());
    }
  }

  private void logUnreachable(NodeView node, String reason) {
    LOG.warning("cluster node " + node.id + " " + node.identity().getString("host") + " cannot be reached over the "
        + "event bus: " + reason + ". It gets no work; it is probed again every " + settings.reprobeIntervalMs()
        + " ms");
  }

  /** Unreachable and unconfirmed nodes, and members that never said what they export, are asked again. */
  private void probeAgain() {
    for (NodeView node : nodes.values()) {
      if (node.state() == NodeView.State.UNREACHABLE || node.state() == NodeView.State.PENDING) {
        probe(node.id);
      }
    }
    for (String id : members.keySet()) {
      if (!nodes.containsKey(id)) {
        probe(id);
      }
    }
  }

  private void findSilentNodes() {
    long now = System.nanoTime();
    long limit = settings.failureDetectionMs() * 1_000_000L;
    for (NodeView node : new ArrayList<>(nodes.values())) {
      boolean listening = node.state() != NodeView.State.LEFT && node.state() != NodeView.State.LOST;
      if (listening && node.heardFrom() && now - node.lastSeenNanos() > limit) {
        LOG.warning("cluster node " + node.id + " " + node.identity().getString("host") + " has not been heard for "
            + (now - node.lastSeenNanos()) / 1_000_000 + " ms: taken as lost");
        node.lost();
      } else if (!listening && now - node.lastSeenNanos() > FORGET_AFTER_NANOS) {
        nodes.remove(node.id, node);
        node.removeMeters(registry);
      }
    }
  }

  /** True when some node that takes work now exports {@code pool}. */
  boolean takesWorkFor(String pool) {
    for (NodeView node : nodes.values()) {
      if (node.takesWork() && node.load(pool) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * The node to send the next piece of work for {@code pool} to, among those that take work and were not yet tried
   * for it; null when there is none.
   */
  NodeView pick(String pool, Set<String> tried) {
    // Each load is read once: a report arriving meanwhile (a pool no longer exported) must not change the choice.
    List<NodeView> candidates = new ArrayList<>();
    List<Double> loads = new ArrayList<>();
    for (NodeView node : nodes.values()) {
      Double load = node.load(pool);
      if (load != null && node.takesWork() && !tried.contains(node.id)) {
        candidates.add(node);
        loads.add(load);
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int a = random.nextInt(candidates.size());
    if (candidates.size() == 1) {
      return candidates.get(a);
    }
    // A second one, never the first: drawn from the others.
    int b = random.nextInt(candidates.size() - 1);
    if (b >= a) {
      b++;
    }
    double loadA = loads.get(a);
    double loadB = loads.get(b);
    if (loadA == loadB) {
      return candidates.get(random.nextBoolean() ? a : b);
    }
    return candidates.get(loadA < loadB ? a : b);
  }

  /** Every node known, for {@code /stats}. */
  JsonArray toJson() {
    long now = System.nanoTime();
    JsonArray out = new JsonArray();
    nodes.values().stream().sorted(java.util.Comparator.comparing(n -> n.id)).forEach(n -> out.add(n.toJson(now)));
    return out;
  }
}
