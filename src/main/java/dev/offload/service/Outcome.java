package dev.offload.service;

import dev.offload.dispatch.WorkRun;

/**
 * How one submitted piece of work ended, for whoever carries the answer (an HTTP response today, an event-bus reply
 * for a cluster node tomorrow). Exactly one per {@link Submission}.
 */
public sealed interface Outcome {

  /** The work ran and returned {@code value}; {@code run} says where and how long. */
  record Done(Object value, WorkRun run) implements Outcome {
  }

  /** The work threw: the workload's own failure. */
  record Failed(Throwable cause) implements Outcome {
  }

  /** The work could not reach a dependency (a database): nothing is wrong with the request. */
  record Unavailable(String dependency, String message) implements Outcome {
  }

  /** The pool's queue was full: the work never runs. */
  record Overloaded(String pool, int queued, int maxQueue, long retryAfterSeconds) implements Outcome {
  }

  /** The work could not start within its deadline: it never runs. */
  record Expired(String pool, double waitedMs) implements Outcome {
  }

  /**
   * The cluster node running the work was lost before it answered, and the work could not be retried elsewhere
   * (not idempotent, or no time or node left): it may or may not have run.
   */
  record NodeLost(String node, String message) implements Outcome {
  }

  /** A cluster node took the work but gave no answer within the request's deadline: it may still run. */
  record NoAnswer(String node, double waitedMs) implements Outcome {
  }

  /** The service is stopping: the work never started, or its end is no longer waited for. */
  record Drained(String pool) implements Outcome {
  }

  /**
   * The caller went away. Work that had not been handed over never runs; work that had ({@code workRuns}) finishes
   * unheard.
   */
  record Cancelled(boolean workRuns) implements Outcome {
  }
}
