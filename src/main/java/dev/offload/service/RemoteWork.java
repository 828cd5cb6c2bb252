package dev.offload.service;

import dev.offload.workload.Params;
import io.vertx.core.Future;

/**
 * A strategy whose work runs on another node: instead of a task for local threads, {@link Submission} hands it the
 * request itself and waits for the node's outcome.
 */
public interface RemoteWork {

  /**
   * Sends the work; the call completes, on the calling context, with exactly one outcome: done, refused, lost, late.
   *
   * @param deadlineMs the client's timeout as {@link Offloader#submit} has it; Long.MAX_VALUE for the default
   * @param submittedNanos when the request asked for the work ({@link System#nanoTime}): the deadline runs from there
   */
  Call send(RouteTable.Route route, Params params, long deadlineMs, long submittedNanos);

  /** Work sent to another node: its one outcome, and a way to say that nobody waits for it any more. */
  interface Call {
    /** Completes once, on the context that sent the work. */
    Future<Outcome> outcome();

    /**
     * The caller went away: work still waiting at the node is dropped there unrun; work already running finishes.
     * The outcome still follows, once the node has said which. Call on the context that sent the work.
     */
    void cancel();
  }

  /**
   * The deadline of a request that brings none: it bounds the wait for this node's own permit too, so that the
   * whole answer takes no longer.
   */
  long defaultDeadlineMs();
}
