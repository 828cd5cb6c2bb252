package dev.offload.cluster;

import dev.offload.service.Outcome;
import io.vertx.core.json.JsonObject;

/**
 * The cluster's work protocol, as JSON on the event bus. A front writes to a node's work address: work, a probe (can
 * this front reach the node at all?) or a cancel of work it sent; each carries a {@code call} number and the
 * front's {@code replyTo} address, where the node answers with the same number. The front, not Vert.x's
 * request-reply, pairs answers with calls: a plain write tells it when a message could not leave at all (no
 * connection, a refused TLS handshake), which Vert.x's request would only show as a timeout. An answer's
 * {@code status} says whether the work ran, and whether another node may be tried.
 */
final class WorkMessages {
  /** Where a node takes work: one address per node, so that the front, not the event bus, chooses the node. */
  static final String WORK_ADDRESS_PREFIX = "offload.work.";
  /** Where exporting nodes publish their load, and say that they are leaving. */
  static final String LOAD_ADDRESS = "offload.load";

  static final String OK = "ok";
  /** Refused before it started: the front may try another node. */
  static final String OVERLOADED = "overloaded";
  static final String DRAINING = "draining";
  static final String NOT_EXPORTED = "not_exported";
  /** The node's own limits refuse a parameter: the nodes' configs disagree. */
  static final String BAD_PARAMETER = "bad_parameter";
  /** Taken, but could not start within the deadline: it never ran. */
  static final String EXPIRED = "expired";
  static final String FAILED = "failed";
  /** The node stopped (its drain ran out of time) while the work ran: it may still finish there, unheard. */
  static final String ABANDONED = "abandoned";
  static final String UNAVAILABLE = "unavailable";
  /** Dropped unrun because the front asked ({@code cancel}): its client left, or its deadline passed. */
  static final String CANCELLED = "cancelled";
  /** The answer to a probe: this node takes messages from that front. */
  static final String PROBED = "probed";

  private WorkMessages() {
  }

  static String workAddress(String nodeId) {
    return WORK_ADDRESS_PREFIX + nodeId;
  }

  /**
   * The work: which pool and workload, the validated parameters, how long it may wait to start there, and where and
   * under which number to answer.
   */
  static JsonObject request(String pool, String workload, java.util.Map<String, Object> params, long waitMs,
      long call, String replyTo) {
    return new JsonObject().put("pool", pool).put("workload", workload).put("params", new JsonObject(
        new java.util.LinkedHashMap<>(params))).put("waitMs", waitMs).put("call", call).put("replyTo", replyTo);
  }

  /** Asks the node to answer {@link #PROBED}: the front learns that its messages reach the node, TLS and all. */
  static JsonObject probe(long call, String replyTo) {
    return new JsonObject().put("probe", true).put("call", call).put("replyTo", replyTo);
  }

  /** Asks the node to drop the work of {@code call} if it has not started; running work finishes. */
  static JsonObject cancel(long call, String replyTo) {
    return new JsonObject().put("cancel", true).put("call", call).put("replyTo", replyTo);
  }

  /** A node's answer for how its work ended; {@code node} is the node's identity, added to an {@code ok}. */
  static JsonObject answer(Outcome outcome, JsonObject node) {
    if (outcome instanceof Outcome.Done) {
      Outcome.Done done = (Outcome.Done) outcome;
      return new JsonObject().put("status", OK).put("result", done.value())
          .put("thread", done.run().threadName()).put("virtual", done.run().virtual())
          .put("context", done.run().context()).put("queuedMs", done.run().queuedMs())
          .put("serviceMs", done.run().serviceMs()).put("node", node);
    }
    if (outcome instanceof Outcome.Overloaded) {
      Outcome.Overloaded full = (Outcome.Overloaded) outcome;
      return refusal(OVERLOADED, "pool " + full.pool() + " is full: " + full.queued() + " queued (maxQueue "
          + full.maxQueue() + ")").put("queued", full.queued()).put("maxQueue", full.maxQueue())
          .put("retryAfterSeconds", full.retryAfterSeconds());
    }
    if (outcome instanceof Outcome.Drained) {
      return refusal(DRAINING, "the node is shutting down");
    }
    if (outcome instanceof Outcome.Expired) {
      return refusal(EXPIRED, "the work could not start within its deadline")
          .put("waitedMs", ((Outcome.Expired) outcome).waitedMs());
    }
    if (outcome instanceof Outcome.Unavailable) {
      Outcome.Unavailable down = (Outcome.Unavailable) outcome;
      return refusal(UNAVAILABLE, down.message()).put("dependency", down.dependency());
    }
    if (outcome instanceof Outcome.Failed) {
      // The node logs the failure with its stack trace; the front only needs to know that the work failed.
      return refusal(FAILED, "the work failed on the node: " + ((Outcome.Failed) outcome).cause());
    }
    if (outcome instanceof Outcome.Cancelled) {
      return refusal(CANCELLED, "dropped unrun: the front no longer waits for it");
    }
    // NodeLost and NoAnswer do not happen to work a node takes from the event bus.
    return refusal(FAILED, "unexpected outcome " + outcome);
  }

  static JsonObject refusal(String status, String message) {
    return new JsonObject().put("status", status).put("message", message);
  }
}
