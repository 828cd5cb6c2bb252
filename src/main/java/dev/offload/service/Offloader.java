package dev.offload.service;

import dev.offload.workload.Params;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The one entry point for work, free of any transport: a route, validated parameters and a deadline in, exactly one
 * {@link Outcome} out. It holds admission, strategy and the exactly-once rules ({@link Submission}); the HTTP handler
 * only maps an outcome to a response.
 */
public final class Offloader {
  private final CurrentState state;
  private final InFlight inFlight = new InFlight();

  public Offloader(CurrentState state) {
    this.state = state;
  }

  /**
   * Submits work; call on a Vert.x context (the request's event loop), where the outcome will complete.
   *
   * @param route the route as the caller read it from the current state, once
   * @param deadlineMs the longest the work may wait for a permit (the pool's maxQueueWaitMs caps it); Long.MAX_VALUE
   *     for the pool's own
   */
  public Submission submit(RouteTable.Route route, Params params, long deadlineMs) {
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("submit must be called on a Vert.x context");
    }
    long deadline = deadlineMs == Long.MAX_VALUE && route.strategy() instanceof RemoteWork
        ? ((RemoteWork) route.strategy()).defaultDeadlineMs() : deadlineMs;
    Submission submission = new Submission(state, inFlight, route, params, deadline, context, System.nanoTime());
    submission.start();
    return submission;
  }

  /** How many submissions have no outcome yet. */
  public int inFlight() {
    return inFlight.size();
  }

  /** Ends every submission still without an outcome as drained: the last step of a graceful stop. */
  public void drainAll() {
    inFlight.drainAll();
  }
}
