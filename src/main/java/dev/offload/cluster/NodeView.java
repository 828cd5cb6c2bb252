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
 * One exporting node as a front sees it: what it last said of its pools, whether it is up, draining, gone or lost,
 * and what this front sent it. Load is written by the directory's context and read by request event loops.
 */
final class NodeView {
  enum State { UP, DRAINING, LEFT, LOST }

  final String id;
  private volatile JsonObject identity = new JsonObject();
  private volatile JsonObject pools = new JsonObject();
  // Per pool: what the node's last report counted beyond this front's own requests, i.e. other fronts' work.
  private volatile Map<String, Integer> othersBusy = Map.of();
  private volatile State state = State.UP;
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
  private final Gauge inFlightGauge;

  NodeView(String id, MeterRegistry registry) {
    this.id = id;
    inFlightGauge = Gauge.builder("offload_cluster_node_in_flight", inFlight, AtomicInteger::get)
        .description("Requests this node has sent to the cluster node and not yet heard back from")
        .tag("node", id).register(registry);
    answered = calls(registry, id, "answered");
    refused = calls(registry, id, "refused");
    retried = calls(registry, id, "retried");
    lost = calls(registry, id, "lost");
    timedOut = calls(registry, id, "timed_out");
  }

  private static Counter calls(MeterRegistry registry, String node, String result) {
    return Counter.builder("offload_cluster_calls")
        .description("Work sent to a cluster node, by how the call ended: answered (the work ran or failed there), "
            + "refused (not started: full queue, draining, not exported), retried (lost, sent again elsewhere), lost, "
            + "timed_out (no answer within the deadline)")
        .tag("node", node).tag("result", result).register(registry);
  }

  /** The node is forgotten: its series leave /metrics, so that restarted nodes (new ids) do not pile up there. */
  void removeMeters(MeterRegistry registry) {
    for (io.micrometer.core.instrument.Meter meter : List.of(inFlightGauge, answered, refused, retried, lost,
        timedOut)) {
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
    if (state == State.UP || state == State.DRAINING) {
      state = load.getBoolean("draining", false) ? State.DRAINING : State.UP;
    }
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

  /** A node taken as lost (or gone) speaks again: it was only paused, and takes work again. */
  void revive() {
    state = State.UP;
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
      default -> throw new IllegalArgumentException(String.valueOf(how));
    }
  }

  /** How a call to this node ended, for its counters. */
  enum Counted { ANSWERED, REFUSED, RETRIED, LOST, TIMED_OUT }

  JsonObject toJson(long nowNanos) {
    return identity.copy().put("state", state.name().toLowerCase(java.util.Locale.ROOT))
        .put("lastHeardMsAgo", (nowNanos - lastSeenNanos) / 1_000_000)
        .put("pools", pools.copy())
        .put("inFlight", inFlight.get())
        .put("answered", (long) answered.count())
        .put("refused", (long) refused.count())
        .put("retried", (long) retried.count())
        .put("lost", (long) lost.count())
        .put("timedOut", (long) timedOut.count());
  }
}
