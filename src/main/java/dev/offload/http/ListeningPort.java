package dev.offload.http;

import io.netty.channel.Channel;
import io.netty.channel.nio.AbstractNioChannel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

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
  private static final Logger LOG = Logger.getLogger(ListeningPort.class.getName());
  /** How often the acceptor loop looks whether its selector has let go of the closed socket. */
  private static final long RELEASE_POLL_MS = 1;
  /** Past this the drain goes on anyway: a late release risks a reset connection, a stuck drain risks everything. */
  private static final long RELEASE_WAIT_MS = 1000;
  private static final MethodHandle NIO_CHANNEL = nioChannelAccessor();

  private final AtomicReference<Channel> socket = new AtomicReference<>();

  /** Notes the listening socket a connection came from (its Netty parent); the first one is kept. */
  void learnFrom(Channel accepted) {
    if (socket.get() == null && accepted.parent() != null) {
      socket.compareAndSet(null, accepted.parent());
    }
  }

  /**
   * Stops accepting on the port, and completes once the kernel refuses new connections (or, if that cannot be seen,
   * see {@link #awaitRelease}, once Netty has closed the socket); completes at once when no connection ever came
   * (nothing is known to close).
   */
  public Future<Void> close() {
    Channel listening = socket.get();
    if (listening == null) {
      return Future.succeededFuture();
    }
    Promise<Void> closed = Promise.promise();
    long giveUpAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RELEASE_WAIT_MS);
    // Found once for the close, not at every look.
    SelectableChannel nio = nioChannel(listening);
    listening.close().addListener(done -> {
      if (done.isSuccess()) {
        awaitRelease(listening, nio, giveUpAt, closed);
      } else {
        LOG.warning("the listening socket did not close: " + done.cause());
        closed.complete();
      }
    });
    return closed.future();
  }

  /**
   * Netty's close of an NIO listening socket completes before the socket is closed: the JDK closes a channel that a
   * selector holds only when that selector next selects and lets go of it (ServerSocketChannelImpl, "the close is
   * deferred until the channel is flushed from all Selectors"). Until then the kernel still completes connections
   * into the backlog, and resets them when the socket goes. So this waits for the selector to let go, looking from
   * the acceptor's own loop, where the selector lets go and closes the socket in one step. It waits for nothing on
   * another transport (offload runs on NIO; others were not checked), nor when Netty's JDK channel cannot be reached,
   * nor past {@link #RELEASE_WAIT_MS}, nor once the acceptor loop is shutting down (Vert.x closing meanwhile).
   */
  private static void awaitRelease(Channel listening, SelectableChannel nio, long giveUpAt, Promise<Void> closed) {
    if (nio == null || !nio.isRegistered()) {
      closed.complete();
    } else if (System.nanoTime() - giveUpAt >= 0) {
      LOG.warning("the listening socket was still held by its selector " + RELEASE_WAIT_MS + " ms after its close;"
          + " going on: a connection made meanwhile may be reset");
      closed.complete();
    } else {
      try {
        listening.eventLoop().schedule(() -> awaitRelease(listening, nio, giveUpAt, closed), RELEASE_POLL_MS,
            TimeUnit.MILLISECONDS)
            // A loop that shuts down cancels what it has scheduled: without this, the drain would wait for ever.
            .addListener(look -> {
              if (look.isCancelled()) {
                closed.tryComplete();
              }
            });
      } catch (RejectedExecutionException shuttingDown) {
        closed.tryComplete();
      }
    }
  }

  /** The JDK channel under a Netty NIO channel; null on another transport or when it cannot be reached. */
  private static SelectableChannel nioChannel(Channel listening) {
    if (NIO_CHANNEL == null || !(listening instanceof AbstractNioChannel)) {
      return null;
    }
    try {
      return (SelectableChannel) NIO_CHANNEL.invoke((AbstractNioChannel) listening);
    } catch (Throwable unexpected) {
      return null;
    }
  }

  /** Netty's {@code AbstractNioChannel.javaChannel()}, protected: the one way to the JDK channel under it. */
  private static MethodHandle nioChannelAccessor() {
    try {
      return MethodHandles.privateLookupIn(AbstractNioChannel.class, MethodHandles.lookup())
          .findVirtual(AbstractNioChannel.class, "javaChannel", MethodType.methodType(SelectableChannel.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warning("cannot reach Netty's NIO channel (" + e + "): a drain will not wait for the listening socket"
          + " to be released");
      return null;
    }
  }
}
