package dev.offload.dispatch;

import dev.offload.config.Strategy;
import io.vertx.core.Future;
import java.util.concurrent.Callable;

/** A request on the event bus to an idle worker-verticle instance ({@code ThreadingModel.WORKER}) of a named pool. */
final class WorkerVerticleDispatch implements DispatchStrategy {

  @Override
  public Strategy kind() {
    return Strategy.WORKER_VERTICLE;
  }

  @Override
  public <T> Future<T> submit(Callable<T> work, Ticket ticket) {
    return ticket.generation.sendToVerticle(work);
  }
}
