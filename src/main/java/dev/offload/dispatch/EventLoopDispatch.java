package dev.offload.dispatch;

import dev.offload.config.Strategy;
import io.vertx.core.Future;
import java.util.concurrent.Callable;

/** Runs the work inline on the calling event loop: the anti-pattern, kept as the baseline to compare against. */
final class EventLoopDispatch implements DispatchStrategy {

  @Override
  public Strategy kind() {
    return Strategy.EVENT_LOOP;
  }

  @Override
  public <T> Future<T> submit(Callable<T> work, Ticket ticket) {
    // Blocks this event loop, and every other connection it serves, until the work is done.
    try {
      return Future.succeededFuture(work.call());
    } catch (Throwable t) {
      return Future.failedFuture(t);
    }
  }
}
