package dev.offload.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * How a front's messages leave for a node's work address. Its future says whether the message left: a failed one
 * never reached the node whole (no connection, a refused or timed-out TLS handshake, no consumer), so the work it
 * carried did not start there.
 */
interface Wire {

  /** Writes {@code message} to {@code nodeId}'s work address; completes on the calling context. */
  Future<Void> write(String nodeId, JsonObject message);

  /**
   * The event bus. A send's write promise is the only place where Vert.x tells of a failed connection or handshake:
   * a request would wait for its reply timeout instead (only a ReplyException fails it early).
   */
  static Wire eventBus(Vertx vertx) {
    return (nodeId, message) -> vertx.eventBus().<JsonObject>sender(WorkMessages.workAddress(nodeId)).write(message);
  }
}
