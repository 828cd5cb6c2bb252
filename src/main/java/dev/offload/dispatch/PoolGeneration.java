package dev.offload.dispatch;

import dev.offload.config.PoolSettings;
import dev.offload.config.Strategy;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one named pool at one size: its worker executor and its worker verticles. Resizing a pool makes a
 * new generation for new work; the old one retires, and releases its threads once the work it took has finished
 * (closing a Vert.x worker pool interrupts what runs on it, so it must wait).
 */
final class PoolGeneration {
  private final Vertx vertx;
  private final PoolSettings settings;
  private final String threadPoolName;
  private final String address;
  private final WorkerExecutor executor;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean retiring = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final DispatchStrategy workerPool;
  private final DispatchStrategy workerVerticles;
  private volatile String deploymentId;
  private volatile PoolGeneration successor;

  private PoolGeneration(Vertx vertx, PoolSettings settings, int generation) {
    this.vertx = vertx;
    this.settings = settings;
    // Vert.x shares worker pools by name: a new size needs a new name, or the old pool would be handed back.
    this.threadPoolName = generation == 1 ? settings.threadPoolName() : settings.threadPoolName() + "-g" + generation;
    this.executor = vertx.createSharedWorkerExecutor(threadPoolName, settings.size());
    this.workerPool = tracked(new WorkerPoolDispatch(executor, settings.name()));
    this.address = "offload.worker." + settings.name() + (generation == 1 ? "" : ".g" + generation);
    this.workerVerticles = tracked(new WorkerVerticleDispatch(vertx.eventBus(), address, settings.name(),
        settings.size()));
  }

  /** Creates the executor and deploys {@code size} worker verticles on the same threads. */
  static Future<PoolGeneration> start(Vertx vertx, PoolSettings settings, int generation) {
    PoolGeneration g = new PoolGeneration(vertx, settings, generation);
    AtomicInteger nextInstance = new AtomicInteger();
    // One shared Vert.x pool per name: the worker-pool executor and the worker verticles of a pool use the same
    // threads, so a pool is one bulkhead whichever of the two strategies a route picks.
    DeploymentOptions options = new DeploymentOptions()
        .setThreadingModel(ThreadingModel.WORKER)
        .setInstances(settings.size())
        .setWorkerPoolName(g.threadPoolName)
        .setWorkerPoolSize(settings.size());
    return vertx.deployVerticle(
            () -> new WorkerVerticle(WorkerVerticle.instanceAddress(g.address, nextInstance.getAndIncrement())),
            options)
        .map(id -> {
          g.deploymentId = id;
          return g;
        });
  }

  PoolSettings settings() {
    return settings;
  }

  DispatchStrategy workerPool() {
    return workerPool;
  }

  DispatchStrategy workerVerticles() {
    return workerVerticles;
  }

  /**
   * Takes no more work: what is handed to it from now on (work that was queued in admission under the old routes)
   * goes to {@code successor}, the pool's new generation, or runs here when the pool was removed (null). Closes as
   * soon as the work it runs is done.
   */
  void retire(PoolGeneration successor) {
    this.successor = successor;
    retiring.set(true);
    closeIfDone();
  }

  private void closeIfDone() {
    if (retiring.get() && inFlight.get() == 0 && closed.compareAndSet(false, true)) {
      if (deploymentId != null) {
        vertx.undeploy(deploymentId);
      }
      executor.close();
    }
  }

  /** Counts the generation's work, so that retiring can wait for the last task before it closes the threads. */
  private DispatchStrategy tracked(DispatchStrategy inner) {
    boolean verticles = inner.kind() == Strategy.WORKER_VERTICLE;
    return new DispatchStrategy() {
      @Override
      public Strategy kind() {
        return inner.kind();
      }

      @Override
      public String pool() {
        return inner.pool();
      }

      @Override
      public <T> Future<T> submit(Callable<T> work) {
        // Counted before the successor is read: retire() writes the successor before it reads the count, so either
        // this sees the successor or retire() sees this task, and the threads never close under it.
        inFlight.incrementAndGet();
        PoolGeneration next = successor;
        if (next != null) {
          inFlight.decrementAndGet();
          closeIfDone();
          // Granted after a resize: the permit counts against the new size, so the work runs on the new threads.
          return (verticles ? next.workerVerticles : next.workerPool).submit(work);
        }
        Future<T> result;
        try {
          result = inner.submit(work);
        } catch (RuntimeException e) {
          result = Future.failedFuture(e);
        }
        return result.andThen(done -> {
          inFlight.decrementAndGet();
          closeIfDone();
        });
      }
    };
  }
}
