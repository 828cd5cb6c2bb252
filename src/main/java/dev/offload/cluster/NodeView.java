package dev.offload.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One exporting node as a front sees it: what it last said of its pools, whether this front can reach it, whether it
 * is up, draining, gone or lost, and what this front sent it. Load and state are written by the directory's context
 * and read by request event loops.
 */
final class NodeView {
  /**
   * PENDING: heard, not yet shown reachable by a probe; UNREACHABLE: this front's messages do not reach it (no
   * connection, a certificate the cluster's CA did not sign, no TLS). Neither gets work; only UP does.
   */
  enum State { PENDING, UP, DRAINING, UNREACHABLE, LEFT, LOST }

  final String id;
  private volatile JsonObject identity;
  private volatile JsonObject pools = new JsonObject();
  // Per pool: what the node's last report counted beyond this front's own requests, i.e. other fronts' work.
  private volatile Map<String, Integer> othersBusy = Map.of();
  private volatile State state = State.PENDING;
  // Draining, as the node's last load said; applied once the node is reachable.
  private volatile boolean saysDraining;
  // False for a node known only as a Hazelcast member that this front could not reach: it never spoke.
  private volatile boolean heardFrom;
  private volatile String unreachableReason;
  // Probes failed since the last answered one, and whether this spell of unreachability has been logged: written on
  // the directory's context only.
  private int probeFailuresInARow;
  private boolean unreachableLogged;
  private volatile long lastSeenNanos;
  private volatile long lostAtNanos;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<String, AtomicInteger> inFlightByPool = new ConcurrentHashMap<>();
  private final Set<RemoteCall> pending = ConcurrentHashMap.newKeySet();
  private final Counter answered;
  private final Counter refused;
  private final Counter retried;
  private final Counter lost;
  private final Counter timedOut;
  private final Counter unreachable;
  private final Counter cancelled;
  private final Counter probesFailed;
  private final Gauge inFlightGauge;

  NodeView(String id, String host, MeterRegistry registry) {
    this.id = id;
    this.identity = new JsonObject().put("id", id).put("host", host);
    inFlightGauge = Gauge.builder("offload_cluster_node_in_flight", inFlight, AtomicInteger::get)
        .description("Requests this node has sent to the cluster node and not yet heard back from")
        .tag("node", id).register(registry);
    answered = calls(registry, id, "answered");
    refused = calls(registry, id, "refused");
    retried = calls(registry, id, "retried");
    lost = calls(registry, id, "lost");
    timedOut = calls(registry, id, "timed_out");
    unreachable = calls(registry, id, "unreachable");
    cancelled = calls(registry, id, "cancelled");
    probesFailed = Counter.builder("offload_cluster_probes_failed")
        .description("Probes of the cluster node that this node's messages did not reach or that it did not answer "
            + "within cluster.connectTimeoutMs: while they fail it gets no work")
        .tag("node", id).register(registry);
  }

  private static Counter calls(MeterRegistry registry, String node, String result) {
    return Counter.builder("offload_cluster_calls")
        .description("Work sent to a cluster node, by how the call ended: answered (the work ran or failed there), "
            + "refused (not started: full queue, draining, not exported), retried (lost, sent again elsewhere), lost, "
            + "timed_out (no answer within the deadline), unreachable (could not be written to the node: sent "
            + "elsewhere), cancelled (dropped unrun at the node: its client left or its deadline passed)")
        .tag("node", node).tag("result", result).register(registry);
  }

  /** The node is forgotten: its series leave /metrics, so that restarted nodes (new ids) do not pile up there. */
  void removeMeters(MeterRegistry registry) {
    for (io.micrometer.core.instrument.Meter meter : List.of(inFlightGauge, answered, refused, retried, lost,
        timedOut, unreachable, cancelled, probesFailed)) {
      registry.remove(meter);
    }
  }

  /** A load message: the node is alive, and this is how busy each of its exported pools is. */
  void heard(JsonObject load, long nowNanos) {
    identity = new JsonObject().put("id", id).put("host", load.getString("host"))
        .put("httpPort", load.getInteger("httpPort")).put("pid", load.getLong("pid"));
    JsonObject reported = load.getJsonObject("pools", new JsonObject());
    Map<String, Integer> others = new HashMap<>();
    for (String pool : reported.fieldNames()) {
      JsonObject p = reported.getJsonObject(pool);
      int busy = p.getInteger("running", 0) + p.getInteger("queued", 0);
      others.put(pool, Math.max(0, busy - mine(pool).get()));
    }
    pools = reported;
    othersBusy = others;
    lastSeenNanos = nowNanos;
    heardFrom = true;
    saysDraining = load.getBoolean("draining", false);
    if (state == State.UP || state == State.DRAINING) {
      state = saysDraining ? State.DRAINING : State.UP;
    }
  }

  /** A probe was answered: this front's messages reach the node. True if that changed its state. */
  boolean reachable() {
    unreachableReason = null;
    probeFailuresInARow = 0;
    unreachableLogged = false;
    if (state == State.PENDING || state == State.UNREACHABLE) {
      // Known only as a member until now: it takes work once its load says what it exports.
      state = !heardFrom ? State.PENDING : saysDraining ? State.DRAINING : State.UP;
      return true;
    }
    return false;
  }

  /**
   * This front's messages do not reach the node ({@code reason}): it gets no work until a probe is answered. True
   * if that changed its state.
   */
  boolean unreachable(String reason) {
    unreachableReason = reason;
    if (state == State.LEFT || state == State.LOST) {
      return false;
    }
    boolean changed = state != State.UNREACHABLE;
    state = State.UNREACHABLE;
    return changed;
  }

  void probeFailed() {
    probesFailed.increment();
    probeFailuresInARow++;
  }

  /**
   * True once per spell of unreachability, when it is worth a warning: a work message could not be written to it
   * ({@code fromWork}), or two probes in a row failed. One failed probe alone is not: a node whose JVM has just
   * started may answer its first one late.
   */
  boolean logUnreachableNow(boolean fromWork) {
    if (state != State.UNREACHABLE || unreachableLogged || !(fromWork || probeFailuresInARow >= 2)) {
      return false;
    }
    unreachableLogged = true;
    return true;
  }

  /** Whether the present (or last) spell of unreachability was logged: its end is then logged too. */
  boolean unreachableLogged() {
    return unreachableLogged;
  }

  boolean heardFrom() {
    return heardFrom;
  }

  String unreachableReason() {
    return unreachableReason;
  }

  /**
   * How loaded the node's pool is, 0 = idle, 1 = every permit busy, more = queued work: what this front has in flight
   * there now, exact, plus what the node's last report (up to one load interval old) counted beyond that, which is
   * the other fronts' work. Null when the node does not export the pool.
   */
  Double load(String pool) {
    JsonObject p = pools.getJsonObject(pool);
    if (p == null) {
      return null;
    }
    int limit = Math.max(1, p.getInteger("limit", 1));
    return (mine(pool).get() + othersBusy.getOrDefault(pool, 0)) / (double) limit;
  }

  private AtomicInteger mine(String pool) {
    return inFlightByPool.computeIfAbsent(pool, p -> new AtomicInteger());
  }

  boolean takesWork() {
    return state == State.UP;
  }

  State state() {
    return state;
  }

  long lastSeenNanos() {
    return lastSeenNanos;
  }

  /** When it was taken as lost: a message sent before its end may still arrive a little after. */
  long lostAtNanos() {
    return lostAtNanos;
  }

  JsonObject identity() {
    return identity;
  }

  /**
   * A node taken as lost speaks again: it was only paused. It takes work again once a probe shows that this front
   * still reaches it.
   */
  void revive() {
    state = State.PENDING;
  }

  /** The node said it is leaving (drained, answered everything): not a loss. */
  void left() {
    state = State.LEFT;
  }

  /** The node stopped answering: every call still waiting on it is told, on the call's own context. */
  void lost() {
    state = State.LOST;
    lostAtNanos = System.nanoTime();
    for (RemoteCall call : pending) {
      call.nodeLostLater(this);
    }
  }

  void sent(RemoteCall call) {
    inFlight.incrementAndGet();
    mine(call.pool()).incrementAndGet();
    pending.add(call);
  }

  /** The call stopped waiting for this node; {@code how} counts how. */
  void ended(RemoteCall call, Counted how) {
    released(call);
    count(how);
  }

  /** The call no longer waits for this node (counted later, once it is known how the loss ends). */
  void released(RemoteCall call) {
    if (pending.remove(call)) {
      inFlight.decrementAndGet();
      mine(call.pool()).decrementAndGet();
    }
  }

  void count(Counted how) {
    switch (how) {
      case ANSWERED -> answered.increment();
      case REFUSED -> refused.increment();
      case RETRIED -> retried.increment();
      case LOST -> lost.increment();
      case TIMED_OUT -> timedOut.increment();
      case UNREACHABLE -> unreachable.increment();
      case CANCELLED -> cancelled.increment();
      default -> throw new IllegalArgumentException(String.valueOf(how));
    }
  }

  /** How a call to this node ended, for its counters. */
  enum Counted { ANSWERED, REFUSED, RETRIED, LOST, TIMED_OUT, UNREACHABLE, CANCELLED }

  JsonObject toJson(long nowNanos) {
    JsonObject out = identity.copy().put("state", state.name().toLowerCase(java.util.Locale.ROOT));
    if (unreachableReason != null) {
      out.put("unreachable", unreachableReason);
    }
    return out.put("lastHeardMsAgo", heardFrom ? (nowNanos - lastSeenNanos) / 1_000_000 : null)
        .put("pools", pools.copy())
        .put("inFlight", inFlight.get())
        .put("answered", (long) answered.count())
        .put("refused", (long) refused.count())
        .put("retried", (long) retried.count())
        .put("lost", (long) lost.count())
        .put("timedOut", (long) timedOut.count())
        .put("unreachableCalls", (long) unreachable.count())
        .put("cancelled", (long) cancelled.count())
        .put("probesFailed", (long) probesFailed.count());
  }
}
