package dev.offload.dispatch;

import dev.offload.config.Strategy;
import io.vertx.core.Future;
import java.util.concurrent.Callable;

/** A named worker pool of its own size ({@code createSharedWorkerExecutor}): a bulkhead per workload. */
final class WorkerPoolDispatch implements DispatchStrategy {

  @Override
  public Strategy kind() {
    return Strategy.WORKER_POOL;
  }

  @Override
  public <T> Future<T> submit(Callable<T> work, Ticket ticket) {
    // The generation fixed at the grant: after a resize, the threads the permit was counted against.
    return ticket.generation.execute(work);
  }
}
