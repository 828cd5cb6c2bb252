package dev.offload.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where nodes answer this front: one address, {@code offload.reply.<nodeId>}, and a number per call that pairs each
 * answer with whoever waits for it. A call that is closed (answered, given up, its node lost) hears nothing more:
 * a late answer from a node that was paused finds no one, and is dropped, never a second answer.
 */
final class ReplyInbox {
  private static final Logger LOG = Logger.getLogger(ReplyInbox.class.getName());
  static final String ADDRESS_PREFIX = "offload.reply.";

  private final Vertx vertx;
  private final String address;
  private final AtomicLong calls = new AtomicLong();
  private final Map<Long, Handler<JsonObject>> open = new ConcurrentHashMap<>();
  private final AtomicLong dropped = new AtomicLong();
  private MessageConsumer<JsonObject> consumer;

  ReplyInbox(Vertx vertx, String nodeId) {
    this.vertx = vertx;
    this.address = ADDRESS_PREFIX + nodeId;
  }

  /** Registers the address, on a context of its own: a handler hops to its caller's context itself. */
  Future<Void> start() {
    Promise<Void> listening = Promise.promise();
    Context context = ((VertxInternal) vertx).createEventLoopContext();
    context.runOnContext(v -> {
      consumer = vertx.eventBus().consumer(address, message -> deliver(message.body()));
      consumer.completion().onComplete(listening);
    });
    return listening.future();
  }

  Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  String address() {
    return address;
  }

  /** A new call number; {@code onAnswer} gets the node's answer, on the inbox's context, until {@link #close}. */
  long open(Handler<JsonObject> onAnswer) {
    long call = calls.incrementAndGet();
    open.put(call, onAnswer);
    return call;
  }

  void close(long call) {
    open.remove(call);
  }

  /** Answers that came for a call already closed. */
  long dropped() {
    return dropped.get();
  }

  private void deliver(JsonObject answer) {
    Long call = answer == null ? null : answer.getLong("call");
    Handler<JsonObject> waiting = call == null ? null : open.remove(call);
    if (waiting == null) {
      dropped.incrementAndGet();
      LOG.fine(() -> "an answer for a call no longer open, dropped: " + answer);
      return;
    }
    try {
      waiting.handle(answer);
    } catch (RuntimeException bug) {
      LOG.log(Level.SEVERE, "the handler of call " + call + " failed", bug);
    }
  }
}
