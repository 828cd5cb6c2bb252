package dev.offload.dispatch;

import dev.offload.config.Strategy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Runs each task on a virtual thread of its own.
 *
 * <p>The blocking work goes through {@code executeBlocking(…, false)} on the context of a
 * {@code ThreadingModel.VIRTUAL_THREAD} verticle, whose worker pool starts one virtual thread per task. Sending it
 * to the verticle's event-bus handler instead would serialise it: a virtual-thread context runs its handlers one
 * at a time unless they suspend with {@code Future.await}, and a plain blocking call does not.
 */
final class VirtualThreadDispatch implements DispatchStrategy {
  private final Context virtualThreadContext;

  VirtualThreadDispatch(Context virtualThreadContext) {
    this.virtualThreadContext = virtualThreadContext;
  }

  @Override
  public Strategy kind() {
    return Strategy.VIRTUAL_THREAD;
  }

  @Override
  public <T> Future<T> submit(Callable<T> work, Ticket ticket) {
    Context caller = Vertx.currentContext();
    Promise<T> answer = Promise.promise();
    // Completions land on the virtual-thread context; hop back so the HTTP instance answers on its own loop.
    virtualThreadContext.<T>executeBlocking(work, false)
        .onComplete(result -> caller.runOnContext(v -> answer.handle(result)));
    return answer.future();
  }
}
