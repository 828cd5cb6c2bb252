package dev.offload.dispatch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.WorkerPool;
import io.vertx.core.spi.metrics.PoolMetrics;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs granted work on a thread of a Vert.x worker pool and then, while the permit that work gives back goes
 * straight to a request queued for the same threads, runs that request's work next on the same thread.
 *
 * <p>Why: with more requests than permits, a permit used to travel from the pool thread that freed it to the queued
 * request's event loop, which handed the work back to the pool, whose threads had meanwhile gone to sleep: two more
 * hops and a thread wake-up per request, which cost more than small work itself (bench/overhead.sh: 2.1 context
 * switches per request against 0.8 for a bare executeBlocking). Here the thread that frees a permit keeps it busy.
 *
 * <p>Each piece of work still runs under its request's own context, as {@code executeBlocking} runs it, and counts in
 * Vert.x's pool metrics as a task of its own; each answer goes back to its event loop as soon as its work ends. A
 * runner takes the next request only while nothing else waits for the pool's threads: Vert.x's own blocking calls on
 * the default pool (the cluster manager's, say) hold no permit, and must not wait behind a chain of ours.
 */
final class PoolRunner implements Runnable {
  private static final Logger LOG = Logger.getLogger(PoolRunner.class.getName());
  private static final ThreadLocal<PoolRunner> CURRENT = new ThreadLocal<>();

  private final WorkerPool pool;
  private final PoolMetrics<Object, Object> metrics;
  private final Object queued;
  private final ContextInternal runOn;
  // Only a runner whose work runs under its request's own context takes queued work: see start(pool, runOn, work).
  private final boolean takesQueued;
  private Callable<?> first;
  private Promise<Object> firstAnswer;
  // Only this runner's thread reads and writes it: set by a release on that thread, taken by the loop.
  private Ticket next;

  @SuppressWarnings("unchecked")
  private PoolRunner(WorkerPool pool, ContextInternal runOn, boolean takesQueued, Callable<?> first,
      Promise<Object> firstAnswer) {
    this.pool = pool;
    this.metrics = (PoolMetrics<Object, Object>) pool.metrics();
    this.queued = metrics != null ? metrics.enqueue() : null;
    this.runOn = runOn;
    this.takesQueued = takesQueued;
    this.first = first;
    this.firstAnswer = firstAnswer;
  }

  /**
   * Runs {@code work} on a thread of {@code pool}; call on the request's context, where the future completes. The
   * same thread may go on to run work queued behind it ({@link #offer}).
   */
  static <T> Future<T> start(WorkerPool pool, Callable<T> work) {
    ContextInternal caller = (ContextInternal) Vertx.currentContext();
    return start(pool, caller, caller, work);
  }

  /**
   * Runs {@code work} on a thread of {@code pool} with {@code runOn} as its current context, as
   * {@code runOn.executeBlocking} would, but completes the future on the caller's context, where it was called. Work
   * run under another context than its request's (a virtual-thread context's pool) takes no queued work after it.
   */
  static <T> Future<T> start(WorkerPool pool, ContextInternal runOn, Callable<T> work) {
    return start(pool, (ContextInternal) Vertx.currentContext(), runOn, work);
  }

  @SuppressWarnings("unchecked")
  private static <T> Future<T> start(WorkerPool pool, ContextInternal caller, ContextInternal runOn,
      Callable<T> work) {
    Promise<T> answer = caller.promise();
    PoolRunner runner = new PoolRunner(pool, runOn, runOn == caller, work, (Promise<Object>) answer);
    try {
      pool.executor().execute(runner);
    } catch (RejectedExecutionException e) {
      // The pool is closing (or shut down): the work never runs.
      if (runner.metrics != null) {
        runner.metrics.dequeue(runner.queued);
      }
      answer.tryFail(e);
    }
    return answer.future();
  }

  /**
   * Called where a permit was just given to {@code ticket}: when this thread is a runner on the pool that ticket's
   * work needs, and its listener can start there ({@link Ticket.Listener#runsOnPoolThread}), the runner takes it
   * and true is returned; otherwise the caller hands the grant to the ticket's context as usual.
   */
  static boolean offer(Ticket ticket) {
    PoolRunner runner = CURRENT.get();
    if (runner == null || runner.next != null || !ticket.listener.runsOnPoolThread()
        || runner.pool != poolOf(ticket) || othersWaitFor(runner.pool)) {
      return false;
    }
    runner.next = ticket;
    return true;
  }

  /** True when tasks wait in the pool's own queue: they go first, and the grant takes the usual way after them. */
  private static boolean othersWaitFor(WorkerPool pool) {
    return pool.executor() instanceof ThreadPoolExecutor
        && !((ThreadPoolExecutor) pool.executor()).getQueue().isEmpty();
  }

  /** The worker pool a ticket's work runs on: its named pool's generation, or its context's (the default pool). */
  private static WorkerPool poolOf(Ticket ticket) {
    return ticket.generation != null ? ticket.generation.workerPool()
        : ((ContextInternal) ticket.context).workerPool();
  }

  @Override
  public void run() {
    if (!takesQueued) {
      runFirst();
      return;
    }
    CURRENT.set(this);
    try {
      try {
        runFirst();
      } catch (RuntimeException e) {
        // Not expected (the work's own failures are its answer); the ticket offered meanwhile must still run.
        LOG.log(Level.SEVERE, "a pool task failed outside its work", e);
      }
      for (Ticket ticket = take(); ticket != null; ticket = take()) {
        // As a thread pool does between tasks: an interrupt meant for the last task is not the next one's.
        Thread.interrupted();
        try {
          runQueued(ticket);
        } catch (RuntimeException e) {
          LOG.log(Level.SEVERE, "a pool task failed outside its work", e);
        }
      }
    } finally {
      CURRENT.remove();
    }
  }

  private void runFirst() {
    Object usage = begin(queued);
    ContextInternal previous = runOn.beginDispatch();
    Object value = null;
    Throwable failure = null;
    try {
      value = first.call();
    } catch (Throwable t) {
      failure = t;
    } finally {
      runOn.endDispatch(previous);
      end(usage);
    }
    Promise<Object> answer = firstAnswer;
    first = null;
    firstAnswer = null;
    if (failure == null) {
      answer.complete(value);
    } else {
      answer.fail(failure);
    }
  }

  private void runQueued(Ticket ticket) {
    // It waited in offload's admission queue, not in the pool's: no time in the pool's queue.
    Object usage = begin(metrics != null ? metrics.enqueue() : null);
    ContextInternal context = (ContextInternal) ticket.context;
    ContextInternal previous = context.beginDispatch();
    boolean ran;
    try {
      ran = ticket.listener.runOnPoolThread(ticket);
    } finally {
      context.endDispatch(previous);
      end(usage);
    }
    if (ran && ticket.generation != null) {
      // As the future of work handed over on the event loop ends its count (PoolGeneration.counted).
      ticket.generation.taskDone();
    }
  }

  private Ticket take() {
    Ticket taken = next;
    next = null;
    return taken;
  }

  private Object begin(Object queueMetric) {
    if (metrics == null) {
      return null;
    }
    metrics.dequeue(queueMetric);
    return metrics.begin();
  }

  private void end(Object usage) {
    if (metrics != null) {
      metrics.end(usage);
    }
  }
}
