package dev.offload.service;

import dev.offload.workload.Params;
import io.vertx.core.Future;

/**
 * A strategy whose work runs on another node: instead of a task for local threads, {@link Submission} hands it the
 * request itself and waits for the node's outcome.
 */
public interface RemoteWork {

  /**
   * Sends the work and completes, on the calling context, with exactly one outcome: done, refused, lost, late.
   *
   * @param deadlineMs the client's timeout as {@link Offloader#submit} has it; Long.MAX_VALUE for the default
   * @param submittedNanos when the request asked for the work ({@link System#nanoTime}): the deadline runs from there
   */
  Future<Outcome> send(RouteTable.Route route, Params params, long deadlineMs, long submittedNanos);

  /**
   * The deadline of a request that brings none: it bounds the wait for this node's own permit too, so that the
   * whole answer takes no longer.
   */
  long defaultDeadlineMs();
}
