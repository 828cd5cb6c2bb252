package dev.offload.dispatch;

import dev.offload.config.Strategy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.Callable;

/**
 * Runs each task on a virtual thread of its own, from the pool of a {@code ThreadingModel.VIRTUAL_THREAD} verticle's
 * context, and answers on the caller's own context.
 *
 * <p>This is what {@code executeBlocking(…, false)} on that context does, with one difference: there the result
 * completes a promise of the virtual-thread context, whose listeners then run one at a time through that context's
 * single task queue (each on another new virtual thread) before the hop back to the caller. Every request's answer
 * queued behind every other's there. Here ({@link PoolRunner}) the promise is the caller's, so the answer goes
 * straight back to its event loop. The work still runs with the virtual-thread context as its current context, and
 * Vert.x's pool metrics for that pool ({@code vert.x-virtual-thread}) still count it.
 *
 * <p>Sending the work to the verticle's event-bus handler instead would serialise it: a virtual-thread context runs
 * its handlers one at a time unless they suspend with {@code Future.await}, and a plain blocking call does not.
 */
final class VirtualThreadDispatch implements DispatchStrategy {
  private final ContextInternal virtualThreadContext;

  VirtualThreadDispatch(Context virtualThreadContext) {
    this.virtualThreadContext = (ContextInternal) virtualThreadContext;
  }

  @Override
  public Strategy kind() {
    return Strategy.VIRTUAL_THREAD;
  }

  @Override
  public <T> Future<T> submit(Callable<T> work, Ticket ticket) {
    return PoolRunner.start(virtualThreadContext.workerPool(), virtualThreadContext, work);
  }
}
