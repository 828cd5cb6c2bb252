package dev.offload.http;

import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service port's listening socket, learnt from the first connection accepted on it, so that a drain can close
 * it before any HTTP instance lets go of the port.
 *
 * <p>Why: Vert.x closes a shared port only when the last instance lets go, and hands each connection it accepts to
 * one instance's event loop; a connection that reaches a loop whose instance has let go meanwhile is closed
 * unanswered. With the socket closed first, no connection is accepted any more, and one accepted just before is
 * initialised on its loop before that instance's shutdown, which is queued there after it.
 */
public final class ListeningPort {
  private final AtomicReference<Channel> socket = new AtomicReference<>();

  /** Notes the listening socket a connection came from (its Netty parent); the first one is kept. */
  void learnFrom(Channel accepted) {
    if (socket.get() == null && accepted.parent() != null) {
      socket.compareAndSet(null, accepted.parent());
    }
  }

  /** Stops accepting on the port; completes at once when no connection ever came (nothing is known to close). */
  public Future<Void> close() {
    Channel listening = socket.get();
    if (listening == null) {
      return Future.succeededFuture();
    }
    Promise<Void> closed = Promise.promise();
    listening.close().addListener(done -> closed.complete());
    return closed.future();
  }
}
