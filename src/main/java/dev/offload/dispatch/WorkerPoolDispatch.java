package dev.offload.dispatch;

import dev.offload.config.Strategy;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/** A named worker pool of its own size ({@code createSharedWorkerExecutor}): a bulkhead per workload. */
final class WorkerPoolDispatch implements DispatchStrategy {
  private final WorkerExecutor executor;
  private final String pool;

  WorkerPoolDispatch(WorkerExecutor executor, String pool) {
    this.executor = executor;
    this.pool = pool;
  }

  @Override
  public Strategy kind() {
    return Strategy.WORKER_POOL;
  }

  @Override
  public String pool() {
    return pool;
  }

  @Override
  public <T> Future<T> submit(Callable<T> work) {
    // Unordered: tasks of one instance must not wait for each other, only for a free thread of the pool.
    return executor.executeBlocking(work, false);
  }
}
