package dev.offload.dispatch;

import dev.offload.config.PoolSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.internal.WorkerExecutorInternal;
import io.vertx.core.internal.WorkerPool;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads of one named pool at one size: its worker executor and its worker verticles, on one Vert.x worker
 * pool. Resizing a pool makes a new generation for new grants; the old one retires and closes its threads once the
 * last task granted on it has returned.
 *
 * <p>Why it waits: closing a Vert.x worker pool calls {@code shutdownNow}, which interrupts whatever runs on it. A
 * task is counted from its grant (under the admission's lock, where the generation is chosen) until its future has
 * completed, which is after the work returned; and a retired generation is never granted again. So when the count
 * reaches zero on a retired generation, nothing of ours runs or can arrive there, and closing interrupts only idle
 * threads.
 */
public final class PoolGeneration {
  private final Vertx vertx;
  private final PoolSettings settings;
  private final String threadPoolName;
  private final WorkerExecutor executor;
  private final IdleWorkerVerticles verticles;
  private final AtomicInteger tasks = new AtomicInteger();
  private final AtomicBoolean retired = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Promise<Void> released = Promise.promise();
  private volatile String deploymentId;

  private PoolGeneration(Vertx vertx, PoolSettings settings, int generation) {
    this.vertx = vertx;
    this.settings = settings;
    // Vert.x shares worker pools by name: a new size needs a new name, or the old pool would be handed back. The dot
    // cannot be in a pool's name, so a resized pool "p" (offload-p.g2) never takes the threads of a pool "p-g2".
    this.threadPoolName = generation == 1 ? settings.threadPoolName() : settings.threadPoolName() + ".g" + generation;
    this.executor = vertx.createSharedWorkerExecutor(threadPoolName, settings.size());
    String address = "offload.worker." + settings.name() + (generation == 1 ? "" : ".g" + generation);
    this.verticles = new IdleWorkerVerticles(vertx.eventBus(), address, settings.size());
  }

  /**
   * Creates the executor and deploys {@code size} worker verticles on the same threads.
   *
   * @param generation 1 for a pool's first threads (offload-cpu-0), 2, 3... after resizes (offload-cpu.g2-0)
   */
  public static Future<PoolGeneration> start(Vertx vertx, PoolSettings settings, int generation) {
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
            () -> new WorkerVerticle(
                WorkerVerticle.instanceAddress(g.verticles.address(), nextInstance.getAndIncrement())),
            options)
        .map(id -> {
          g.deploymentId = id;
          return g;
        })
        .onFailure(failed -> g.retire());
  }

  public PoolSettings settings() {
    return settings;
  }

  /**
   * Runs granted work on the pool's threads ({@code worker-pool}), unordered: tasks of one instance wait for a free
   * thread of the pool, not for each other. The thread may then run work queued behind it ({@link PoolRunner}).
   */
  <T> Future<T> execute(Callable<T> work) {
    return counted(() -> PoolRunner.start(workerPool(), niced(work)));
  }

  /** The Vert.x worker pool behind the executor: its threads and its metrics. */
  WorkerPool workerPool() {
    return ((WorkerExecutorInternal) executor).pool();
  }

  /** Sends granted work to an idle worker-verticle instance of the pool ({@code worker-verticle}). */
  <T> Future<T> sendToVerticle(Callable<T> work) {
    return counted(() -> verticles.submit(niced(work)));
  }

  /** With {@code nice} set, the thread that runs the work gets it first (once per thread). */
  private <T> Callable<T> niced(Callable<T> work) {
    int nice = settings.nice();
    if (nice == 0) {
      return work;
    }
    return () -> {
      ThreadNice.ensure(nice);
      return work.call();
    };
  }

  /** Ends the count of a granted task once its future completes, whatever happened to it. */
  private <T> Future<T> counted(Supplier<Future<T>> dispatch) {
    Future<T> result;
    try {
      result = dispatch.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.andThen(done -> taskDone());
  }

  /** Counts a task granted on this generation; called under the admission's lock, never after {@link #retire}. */
  void taskGranted() {
    tasks.incrementAndGet();
  }

  /** A granted task is over: its future completed, or it was abandoned before it was handed over. */
  void taskDone() {
    tasks.decrementAndGet();
    closeIfDone();
  }

  /**
   * No grant will reach this generation any more: it closes as soon as its granted tasks are done. Its admission
   * calls this; so does a refused change for a generation it started and never used.
   */
  public void retire() {
    retired.set(true);
    closeIfDone();
  }

  /** True once it has begun to release its threads. */
  public boolean closed() {
    return closed.get();
  }

  /**
   * Completes when a closed generation's verticles are undeployed. Vert.x's own close must wait for this: its
   * undeploy-all reports a deployment that ends under it as "Unknown deployment".
   */
  public Future<Void> released() {
    return released.future();
  }

  private void closeIfDone() {
    if (retired.get() && tasks.get() == 0 && closed.compareAndSet(false, true)) {
      executor.close();
      Future<Void> undeployed = deploymentId != null ? vertx.undeploy(deploymentId) : Future.succeededFuture();
      // Undeployed or not (a Vert.x already closing undeploys it too), the generation has let go of its threads.
      undeployed.onComplete(done -> released.complete());
    }
  }
}
