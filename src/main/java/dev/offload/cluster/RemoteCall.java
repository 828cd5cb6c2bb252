package dev.offload.cluster;

import dev.offload.service.Outcome;
import dev.offload.service.RouteTable;
import dev.offload.workload.Params;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;

/**
 * One request's trip through the cluster, to exactly one {@link Outcome}: a node is chosen, the work sent with the
 * time it has left; a node that refuses it unstarted (full, draining) is replaced by another, up to
 * {@code cluster.maxAttempts}; a node lost before it answers has idempotent work sent once more elsewhere, other work
 * answered {@code node_lost}; no answer by the deadline (plus {@link #REPLY_MARGIN_MS}) is {@code deadline_exceeded}.
 * Everything runs on the request's context, so the answer, a loss and a timeout never race; the first one settles.
 */
final class RemoteCall {
  /** How long past the deadline an answer is still awaited: work that started just in time may finish. */
  static final long REPLY_MARGIN_MS = 1000;

  private final Vertx vertx;
  private final ClusterDirectory directory;
  private final int maxAttempts;
  private final RouteTable.Route route;
  private final Params params;
  private final Context context;
  private final long submittedNanos;
  private final long deadlineNanos;
  private final Promise<Outcome> outcome = Promise.promise();
  private final Set<String> tried = new HashSet<>();
  private int attempts;
  private boolean retriedAfterLoss;
  private NodeView current;
  // What the client is told if no further node can be tried: the last refusal, or the loss that was retried.
  private Outcome lastSetback;
  // A lost node whose work is being sent elsewhere: counted "retried" once it is, "lost" if it cannot be.
  private NodeView lostAwaitingRetry;

  RemoteCall(Vertx vertx, ClusterDirectory directory, int maxAttempts, RouteTable.Route route, Params params,
      long submittedNanos, long deadlineNanos) {
    this.vertx = vertx;
    this.directory = directory;
    this.maxAttempts = maxAttempts;
    this.route = route;
    this.params = params;
    this.context = Vertx.currentContext();
    this.submittedNanos = submittedNanos;
    this.deadlineNanos = deadlineNanos;
  }

  Future<Outcome> start() {
    attempt();
    return outcome.future();
  }

  String pool() {
    return route.settings().pool();
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
    long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
    NodeView node = leftMs <= 0 ? null : directory.pick(pool(), tried);
    if (lostAwaitingRetry != null) {
      lostAwaitingRetry.count(node == null ? NodeView.Counted.LOST : NodeView.Counted.RETRIED);
      lostAwaitingRetry = null;
    }
    if (leftMs <= 0) {
      settle(lastSetback != null ? lastSetback : new Outcome.Expired(route.pool(), waitedMs()));
      return;
    }
    if (node == null) {
      settle(lastSetback != null ? lastSetback : new Outcome.Unavailable("cluster", "no node of the cluster takes "
          + "work for pool " + pool() + " now (none exports it, or all are draining or lost)"));
      return;
    }
    tried.add(node.id);
    attempts++;
    current = node;
    int attempt = attempts;
    node.sent(this);
    // The event bus's own 30 s default must never be what a client waits for: the deadline bounds the wait.
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(leftMs + REPLY_MARGIN_MS);
    vertx.eventBus().<JsonObject>request(WorkMessages.workAddress(node.id),
            WorkMessages.request(pool(), route.name(), params.values(), leftMs), delivery)
        .onComplete(reply -> answered(node, attempt, reply));
  }

  private void answered(NodeView node, int attempt, AsyncResult<Message<JsonObject>> reply) {
    if (outcome.future().isComplete() || attempt != attempts) {
      // An attempt already given up (its node was taken as lost): whatever it says now is not heard.
      return;
    }
    try {
      heard(node, reply);
    } catch (RuntimeException bug) {
      node.released(this);
      settle(new Outcome.Failed(bug));
    }
  }

  private void heard(NodeView node, AsyncResult<Message<JsonObject>> reply) {
    if (reply.failed()) {
      failedToAnswer(node, reply.cause());
      return;
    }
    JsonObject answer = reply.result().body();
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

  private void failedToAnswer(NodeView node, Throwable cause) {
    ReplyFailure kind = cause instanceof ReplyException ? ((ReplyException) cause).failureType() : null;
    if (kind == ReplyFailure.TIMEOUT) {
      node.ended(this, NodeView.Counted.TIMED_OUT);
      settle(new Outcome.NoAnswer(node.id, waitedMs()));
    } else if (kind == ReplyFailure.NO_HANDLERS) {
      // Nothing takes work at its address any more (it is leaving): the work was never delivered.
      node.ended(this, NodeView.Counted.REFUSED);
      refusedBy(node, WorkMessages.refusal(WorkMessages.DRAINING, "it takes no work any more"));
    } else {
      // The message may or may not have reached the node: as good as lost.
      lost(node);
    }
  }

  /** From the directory's context: {@code node} is lost; handled on this call's own context. */
  void nodeLostLater(NodeView node) {
    context.runOnContext(v -> {
      if (!outcome.future().isComplete() && current == node) {
        lost(node);
      }
    });
  }

  private void lost(NodeView node) {
    long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
    String lostBefore = "node " + node.id + " (" + node.identity().getString("host")
        + ") was lost before it answered; the work may or may not have run";
    if (route.workload().idempotent() && !retriedAfterLoss && leftMs > 0) {
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
    outcome.tryComplete(ended);
  }
}
