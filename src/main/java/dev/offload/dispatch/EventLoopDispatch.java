package dev.offload.dispatch;

import dev.offload.config.Strategy;
import io.vertx.core.Future;
import java.util.concurrent.Callable;

/** Runs the work inline on the calling event loop: the anti-pattern, kept as the baseline to compare against. */
final class EventLoopDispatch extends LabelledDispatch {
  static final String POOL = "event-loop";

  EventLoopDispatch() {
    super(Strategy.EVENT_LOOP, POOL);
  }

  @Override
  public <T> Future<T> submit(Callable<T> work) {
    // Blocks this event loop, and every other connection it serves, until the work is done.
    try {
      return Future.succeededFuture(work.call());
    } catch (Throwable t) {
      return Future.failedFuture(t);
    }
  }
}
