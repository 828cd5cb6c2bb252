package dev.offload.dispatch;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * One run of a workload as a strategy sees it: wraps the work to record when it was submitted, started and
 * ended, and on which thread.
 */
public final class Execution<T> implements Callable<T>, WorkRun {
  private final Callable<T> work;
  private final long submittedNanos;
  private volatile boolean started;
  private volatile long startedNanos;
  private volatile long endedNanos;
  private volatile String threadName;
  private volatile boolean virtual;
  private volatile String context;

  /** @param submittedNanos when the request asked for the work ({@link System#nanoTime}): queue time starts there */
  public Execution(Callable<T> work, long submittedNanos) {
    this.work = work;
    this.submittedNanos = submittedNanos;
  }

  @Override
  public T call() throws Exception {
    startedNanos = System.nanoTime();
    started = true;
    Thread thread = Thread.currentThread();
    threadName = thread.getName();
    virtual = Threads.isVirtual(thread);
    context = contextKind(Vertx.currentContext());
    try {
      return work.call();
    } finally {
      endedNanos = System.nanoTime();
    }
  }

  public boolean started() {
    return started;
  }

  @Override
  public double queuedMs() {
    return started() ? (startedNanos - submittedNanos) / 1e6 : 0;
  }

  @Override
  public double serviceMs() {
    return started && endedNanos != 0 ? (endedNanos - startedNanos) / 1e6 : 0;
  }

  @Override
  public String threadName() {
    return threadName;
  }

  @Override
  public boolean virtual() {
    return virtual;
  }

  /**
   * The threading model of the Vert.x context the work ran under: {@code event-loop} for the event-loop strategy
   * and for blocking code started from an event-loop verticle, {@code worker} inside a worker verticle,
   * {@code virtual-thread} on the virtual-thread context.
   */
  @Override
  public String context() {
    return context;
  }

  private static String contextKind(Context ctx) {
    if (ctx == null) {
      return "none";
    }
    // Constants, not the enum's name lower-cased: this runs for every request.
    switch (ctx.threadingModel()) {
      case EVENT_LOOP:
        return "event-loop";
      case WORKER:
        return "worker";
      case VIRTUAL_THREAD:
        return "virtual-thread";
      default:
        return ctx.threadingModel().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}
