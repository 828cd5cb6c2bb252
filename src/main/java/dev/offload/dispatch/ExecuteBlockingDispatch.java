package dev.offload.dispatch;

import dev.offload.config.Strategy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.Callable;

/**
 * {@code executeBlocking} on Vert.x's default worker pool, from the calling verticle instance's context.
 *
 * <p>With {@code ordered} true (Vert.x's default) the context runs its blocking tasks one at a time, so one
 * instance serves at most one such request at once however many worker threads are idle.
 */
final class ExecuteBlockingDispatch implements DispatchStrategy {
  private final Vertx vertx;
  private final boolean ordered;

  ExecuteBlockingDispatch(Vertx vertx, boolean ordered) {
    this.vertx = vertx;
    this.ordered = ordered;
  }

  @Override
  public Strategy kind() {
    return Strategy.EXECUTE_BLOCKING;
  }

  @Override
  public <T> Future<T> submit(Callable<T> work, Ticket ticket) {
    if (!ordered) {
      // What executeBlocking(work, false) does, on the context's worker pool, and the thread may then run work
      // queued behind it (PoolRunner).
      return PoolRunner.start(((ContextInternal) Vertx.currentContext()).workerPool(), work);
    }
    // vertx.executeBlocking uses the current context: the HTTP instance's, so the ordering queue is per instance.
    return vertx.executeBlocking(work, true);
  }
}
