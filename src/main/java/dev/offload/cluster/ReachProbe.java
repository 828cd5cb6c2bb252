package dev.offload.cluster;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.ContextInternal;
import java.net.ConnectException;
import javax.net.ssl.SSLException;

/**
 * Asks whether this front's messages reach a node: a probe written to the node's work address, which the node
 * answers. Only an answer proves the whole path (connection, both halves of mutual TLS, the node's consumer, the way
 * back); the write's failure says why not. Bounded: a connection and a TLS handshake each get
 * {@code cluster.connectTimeoutMs}, so a probe not answered within twice that, plus a margin, has failed.
 */
final class ReachProbe {
  /** Beyond the connection and the handshake: the probe's own trip and answer. */
  static final long ANSWER_MARGIN_MS = 500;

  /** How a probe ended: reached, no consumer at that node's address (not an exporter, or gone), or why not. */
  record Result(boolean reached, boolean noConsumer, String reason) {
    static final Result REACHED = new Result(true, false, null);
    static final Result NO_CONSUMER = new Result(false, true, null);
  }

  private final Vertx vertx;
  private final Wire wire;
  private final ReplyInbox inbox;
  private final long connectTimeoutMs;

  ReachProbe(Vertx vertx, Wire wire, ReplyInbox inbox, long connectTimeoutMs) {
    this.vertx = vertx;
    this.wire = wire;
    this.inbox = inbox;
    this.connectTimeoutMs = connectTimeoutMs;
  }

  /** The longest a probe takes to fail: a connection, a handshake, the answer. */
  long boundMs() {
    return 2 * connectTimeoutMs + ANSWER_MARGIN_MS;
  }

  /** Probes {@code nodeId}; completes on the calling context. */
  Future<Result> probe(String nodeId) {
    // A context's promise hands its result to that context, whichever thread completes it (the inbox's, a timer's).
    Promise<Result> result = ((ContextInternal) vertx.getOrCreateContext()).promise();
    long call = inbox.open(answer -> result.tryComplete(Result.REACHED));
    long timer = vertx.setTimer(boundMs(), t -> result.tryComplete(new Result(false, false, "it did not answer a "
        + "probe within " + boundMs() + " ms (2 x cluster.connectTimeoutMs + " + ANSWER_MARGIN_MS + ")")));
    wire.write(nodeId, WorkMessages.probe(call, inbox.address())).onFailure(cause -> result.tryComplete(
        noConsumer(cause) ? Result.NO_CONSUMER : new Result(false, false, why(cause, connectTimeoutMs))));
    return result.future().andThen(done -> {
      inbox.close(call);
      vertx.cancelTimer(timer);
    });
  }

  /** True when a write failed because nothing consumes the node's work address: nothing was sent. */
  static boolean noConsumer(Throwable cause) {
    return cause instanceof ReplyException && ((ReplyException) cause).failureType() == ReplyFailure.NO_HANDLERS;
  }

  /** Why a write to a node failed, in words an operator can act on. */
  static String why(Throwable cause, long connectTimeoutMs) {
    // Vert.x wraps the handshake's own failure in an SSLHandshakeException of its own.
    if (inChain(cause, SslHandshakeTimeoutException.class)) {
      return "its TLS handshake did not finish within cluster.connectTimeoutMs (" + connectTimeoutMs + " ms): "
          + "does it run without cluster.tls?";
    }
    if (cause instanceof SSLException) {
      return "the TLS handshake failed (is its certificate signed by another CA than this node's "
          + "cluster.tls.caFile?): " + rootMessage(cause);
    }
    if (cause instanceof ConnectTimeoutException) {
      return "no connection to its event bus within cluster.connectTimeoutMs (" + connectTimeoutMs + " ms): "
          + rootMessage(cause);
    }
    if (cause instanceof ConnectException) {
      return "its event bus refused the connection: " + rootMessage(cause);
    }
    return "a message to it could not be written: " + rootMessage(cause);
  }

  private static boolean inChain(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
