package dev.offload.dispatch;

import dev.offload.config.Strategy;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/** A named worker pool of its own size ({@code createSharedWorkerExecutor}): a bulkhead per workload. */
final class WorkerPoolDispatch extends LabelledDispatch {
  private final WorkerExecutor executor;

  WorkerPoolDispatch(WorkerExecutor executor, String pool) {
    super(Strategy.WORKER_POOL, pool);
    this.executor = executor;
  }

  @Override
  public <T> Future<T> submit(Callable<T> work) {
    // Unordered: tasks of one instance must not wait for each other, only for a free thread of the pool.
    return executor.executeBlocking(work, false);
  }
}
