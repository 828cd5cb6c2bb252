package dev.offload.cluster;

import dev.offload.dispatch.AdmissionClock;
import dev.offload.service.Outcome;
import dev.offload.service.RemoteWork;
import dev.offload.service.RouteTable;
import dev.offload.workload.Params;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;

/**
 * One request's trip through the cluster, to exactly one {@link Outcome}: a node is chosen, the work written to it
 * with the time it has left; a node that refuses it unstarted (full, draining) or that the work cannot be written to
 * (no connection, a refused TLS handshake: it never arrived) is replaced by another, up to
 * {@code cluster.maxAttempts}; a node lost before it answers has idempotent work sent once more elsewhere, other work
 * answered {@code node_lost}. At the deadline a node still holding the work is told to drop it if it has not started;
 * no answer by the deadline plus {@link #REPLY_MARGIN_MS} is {@code deadline_exceeded}. A client that leaves has the
 * node told the same. Everything runs on the request's context, so an answer, a failed write, a loss, a cancel and a
 * timer never race; the first one settles, and an answer for an attempt given up is never heard.
 */
final class RemoteCall implements RemoteWork.Call {
  /** How long past the deadline an answer is still awaited: work that started just in time may finish. */
  static final long REPLY_MARGIN_MS = 1000;
  /** The pause before writing again to an up node whose work address the event bus did not find for a moment. */
  static final long NO_CONSUMER_PAUSE_MS = 100;
  /** At most this many such pauses per call (2 s): an address missing for longer is taken as a refusal. */
  static final int MAX_NO_CONSUMER_PAUSES = 20;

  private final Wire wire;
  private final ReplyInbox inbox;
  private final ClusterDirectory directory;
  private final int maxAttempts;
  private final long connectTimeoutMs;
  private final RouteTable.Route route;
  private final Params params;
  private final Context context;
  private final long submittedNanos;
  private final long deadlineNanos;
  private final Promise<Outcome> outcome = Promise.promise();
  private final Set<String> tried = new HashSet<>();
  private int attempts;
  private boolean retriedAfterLoss;
  private boolean cancelled;
  private NodeView current;
  // The inbox number of the attempt under way; 0 when none is.
  private long currentCall;
  // What the client is told if no further node can be tried: the last refusal, or the loss that was retried.
  private Outcome lastSetback;
  // A lost node whose work is being sent elsewhere: counted "retried" once it is, "lost" if it cannot be.
  private NodeView lostAwaitingRetry;
  private AdmissionClock.Timer timer;
  // The pause before the next attempt after a node's address was not found (see notWritten); null when none.
  private AdmissionClock.Timer pause;
  private int pauses;

  RemoteCall(Wire wire, ReplyInbox inbox, ClusterDirectory directory, int maxAttempts, long connectTimeoutMs,
      RouteTable.Route route, Params params, long submittedNanos, long deadlineNanos) {
    this.wire = wire;
    this.inbox = inbox;
    this.directory = directory;
    this.maxAttempts = maxAttempts;
    this.connectTimeoutMs = connectTimeoutMs;
    this.route = route;
    this.params = params;
    this.context = Vertx.currentContext();
    this.submittedNanos = submittedNanos;
    this.deadlineNanos = deadlineNanos;
  }

  RemoteCall start() {
    timer = AdmissionClock.SYSTEM.schedule(context, Math.max(1, leftMs()), this::deadlinePassed);
    attempt();
    return this;
  }

  @Override
  public Future<Outcome> outcome() {
    return outcome.future();
  }

  String pool() {
    return route.settings().pool();
  }

  /** The client left: the node drops the work if it has not started; its answer still ends the call. */
  @Override
  public void cancel() {
    if (outcome.future().isComplete() || cancelled) {
      return;
    }
    cancelled = true;
    tellToDrop();
  }

  private void tellToDrop() {
    if (current != null && currentCall != 0) {
      // Nothing to wait for: the work's own answer (cancelled, or its result) closes the call.
      wire.write(current.id, WorkMessages.cancel(currentCall, inbox.address()));
    }
  }

  /** The deadline: a node still holding the work is told to drop it, and gets the margin to answer. */
  private void deadlinePassed() {
    if (outcome.future().isComplete()) {
      return;
    }
    tellToDrop();
    NodeView waitedFor = current;
    timer = AdmissionClock.SYSTEM.schedule(context, REPLY_MARGIN_MS, () -> {
      if (!outcome.future().isComplete() && current == waitedFor) {
        closeAttempt();
        if (waitedFor != null) {
          waitedFor.ended(this, NodeView.Counted.TIMED_OUT);
        }
        settle(waitedFor == null ? new Outcome.Expired(route.pool(), waitedMs())
            : new Outcome.NoAnswer(waitedFor.id, waitedMs()));
      }
    });
  }

  private long leftMs() {
    return (deadlineNanos - System.nanoTime()) / 1_000_000;
  }

  private void attempt() {
    try {
      tryNextNode();
    } catch (RuntimeException bug) {
      // Whatever goes wrong here, the request still gets its one answer and the front its permit back.
      if (current != null) {
        current.released(this);
      }
      settle(new Outcome.Failed(bug));
    }
  }

  private void tryNextNode() {
    long leftMs = leftMs();
    NodeView node = leftMs <= 0 || cancelled ? null : directory.pick(pool(), tried);
    if (lostAwaitingRetry != null) {
      lostAwaitingRetry.count(node == null ? NodeView.Counted.LOST : NodeView.Counted.RETRIED);
      lostAwaitingRetry = null;
    }
    if (cancelled) {
      // Its client left while a node refused it: nobody waits for another try.
      settle(new Outcome.Cancelled(false));
      return;
    }
    if (leftMs <= 0) {
      settle(lastSetback != null ? lastSetback : new Outcome.Expired(route.pool(), waitedMs()));
      return;
    }
    if (node == null) {
      settle(lastSetback != null ? lastSetback : new Outcome.Unavailable("cluster", "no node of the cluster takes "
          + "work for pool " + pool() + " now (none exports it, or all are draining, lost or unreachable)"));
      return;
    }
    tried.add(node.id);
    attempts++;
    current = node;
    node.sent(this);
    long call = inbox.open(answer -> context.runOnContext(v -> answered(node, answer.getLong("call"), answer)));
    currentCall = call;
    wire.write(node.id, WorkMessages.request(pool(), route.name(), params.values(), leftMs, call, inbox.address()))
        .onFailure(cause -> context.runOnContext(v -> notWritten(node, call, cause)));
  }

  private void closeAttempt() {
    if (currentCall != 0) {
      inbox.close(currentCall);
      currentCall = 0;
    }
  }

  private void answered(NodeView node, long call, JsonObject answer) {
    if (outcome.future().isComplete() || call != currentCall) {
      // An attempt already given up (its node was taken as lost): whatever it says now is not heard.
      return;
    }
    currentCall = 0;
    try {
      heard(node, answer);
    } catch (RuntimeException bug) {
      node.released(this);
      settle(new Outcome.Failed(bug));
    }
  }

  /** The work never left for {@code node}: it did not start there, so another node may have it, whatever it is. */
  private void notWritten(NodeView node, long call, Throwable cause) {
    if (outcome.future().isComplete() || call != currentCall) {
      return;
    }
    closeAttempt();
    if (ReachProbe.noConsumer(cause) && node.takesWork() && !cancelled && leftMs() > NO_CONSUMER_PAUSE_MS
        && pauses < MAX_NO_CONSUMER_PAUSES) {
      // Nothing was sent, and the node is up by its own reports: the event bus's view of the consumers has lost its
      // address for a moment. That happens while Hazelcast moves partitions after a member paused or left:
      // vertx-hazelcast reads a failed registration lookup as "no consumer" and Vert.x drops the address from its
      // cache. So the same node is written to again after a pause, until the deadline or until the directory says
      // it is down (a node that leaves announces its drain first, and is then picked no more), 2 s at most.
      pauses++;
      node.released(this);
      tried.remove(node.id);
      attempts--;
      current = null;
      pause = AdmissionClock.SYSTEM.schedule(context, NO_CONSUMER_PAUSE_MS, () -> {
        pause = null;
        if (!outcome.future().isComplete()) {
          attempt();
        }
      });
      return;
    }
    if (ReachProbe.noConsumer(cause)) {
      // Nothing takes work at its address any more (it is leaving).
      node.ended(this, NodeView.Counted.REFUSED);
      refusedBy(node, WorkMessages.refusal(WorkMessages.DRAINING, "it takes no work any more"));
      return;
    }
    String why = ReachProbe.why(cause, connectTimeoutMs);
    node.ended(this, NodeView.Counted.UNREACHABLE);
    directory.unreachable(node, why);
    lastSetback = new Outcome.Unavailable("cluster", "no node took the work for pool " + pool() + " after "
        + attempts + " attempt(s); the last, node " + node.id + ", could not be reached: " + why);
    if (attempts < maxAttempts) {
      attempt();
    } else {
      settle(lastSetback);
    }
  }

  private void heard(NodeView node, JsonObject answer) {
    String status = answer.getString("status", "");
    switch (status) {
      case WorkMessages.OK -> {
        node.ended(this, NodeView.Counted.ANSWERED);
        settle(done(node, answer));
      }
      case WorkMessages.OVERLOADED, WorkMessages.DRAINING, WorkMessages.NOT_EXPORTED -> {
        node.ended(this, NodeView.Counted.REFUSED);
        refusedBy(node, answer);
      }
      case WorkMessages.ABANDONED -> lost(node);
      case WorkMessages.EXPIRED -> {
        node.ended(this, NodeView.Counted.ANSWERED);
        settle(new Outcome.Expired(route.pool(), waitedMs()));
      }
      case WorkMessages.CANCELLED -> {
        // Dropped unrun, as this front asked: its client left, or its deadline passed.
        node.ended(this, NodeView.Counted.CANCELLED);
        settle(cancelled ? new Outcome.Cancelled(false) : new Outcome.Expired(route.pool(), waitedMs()));
      }
      case WorkMessages.UNAVAILABLE -> {
        node.ended(this, NodeView.Counted.ANSWERED);
        settle(new Outcome.Unavailable(answer.getString("dependency", "cluster"), answer.getString("message")));
      }
      case WorkMessages.BAD_PARAMETER -> {
        node.ended(this, NodeView.Counted.ANSWERED);
        // This node's limits let the request through and the worker's do not: the nodes' configs disagree.
        settle(new Outcome.Unavailable("cluster", "node " + node.id + " refuses the parameters: "
            + answer.getString("message")));
      }
      default -> {
        node.ended(this, NodeView.Counted.ANSWERED);
        settle(new Outcome.Failed(new RemoteFailure(node.id, answer.getString("message", status))));
      }
    }
  }

  /** From the directory's context: {@code node} is lost; handled on this call's own context. */
  void nodeLostLater(NodeView node) {
    context.runOnContext(v -> {
      if (!outcome.future().isComplete() && current == node && currentCall != 0) {
        lost(node);
      }
    });
  }

  private void lost(NodeView node) {
    closeAttempt();
    long leftMs = leftMs();
    String lostBefore = "node " + node.id + " (" + node.identity().getString("host")
        + ") was lost before it answered; the work may or may not have run";
    if (route.workload().idempotent() && !retriedAfterLoss && leftMs > 0 && !cancelled) {
      retriedAfterLoss = true;
      node.released(this);
      lostAwaitingRetry = node;
      lastSetback = new Outcome.NodeLost(node.id, lostBefore + ", and no other node could take it in time");
      // The lost node is tried no more; one more attempt on another, even past maxAttempts.
      attempts = Math.max(attempts, maxAttempts - 1);
      attempt();
      return;
    }
    node.ended(this, NodeView.Counted.LOST);
    settle(new Outcome.NodeLost(node.id, lostBefore + (route.workload().idempotent() ? " (already retried once)"
        : " (" + route.name() + " is not idempotent, so it is not retried)")));
  }

  /** The node did not start the work: another node is tried, if attempts are left. */
  private void refusedBy(NodeView node, JsonObject refusal) {
    if (WorkMessages.OVERLOADED.equals(refusal.getString("status"))) {
      lastSetback = new Outcome.Overloaded(route.pool(), refusal.getInteger("queued", 0),
          refusal.getInteger("maxQueue", 0), refusal.getLong("retryAfterSeconds", 1L));
    } else {
      lastSetback = new Outcome.Unavailable("cluster", "no node took the work for pool " + pool() + " after "
          + attempts + " attempt(s); the last, node " + node.id + ": " + refusal.getString("message"));
    }
    if (attempts < maxAttempts) {
      attempt();
    } else {
      settle(lastSetback);
    }
  }

  private Outcome done(NodeView node, JsonObject answer) {
    double serviceMs = answer.getDouble("serviceMs", 0.0);
    double totalMs = (System.nanoTime() - submittedNanos) / 1e6;
    JsonObject ran = answer.getJsonObject("node", new JsonObject().put("id", node.id)).copy().put("pool", pool());
    if (attempts > 1 || retriedAfterLoss) {
      ran.put("attempts", attempts);
    }
    return new Outcome.Done(answer.getValue("result"), new RemoteRun(Math.max(0, totalMs - serviceMs), serviceMs,
        answer.getString("thread"), answer.getBoolean("virtual", false), answer.getString("context"), ran));
  }

  private double waitedMs() {
    return (System.nanoTime() - submittedNanos) / 1e6;
  }

  private void settle(Outcome ended) {
    if (outcome.tryComplete(ended)) {
      closeAttempt();
      if (timer != null) {
        timer.cancel();
      }
      if (pause != null) {
        pause.cancel();
      }
    }
  }
}
