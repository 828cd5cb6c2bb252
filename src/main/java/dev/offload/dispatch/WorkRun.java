package dev.offload.dispatch;

/** Where and how long one piece of work ran, as a work response reports it: here ({@link Execution}) or on a node. */
public interface WorkRun {

  /** From the request asking for the work until it started. */
  double queuedMs();

  /** How long the work itself ran. */
  double serviceMs();

  String threadName();

  boolean virtual();

  /** The Vert.x threading model the work ran under: {@code event-loop}, {@code worker}, {@code virtual-thread}. */
  String context();
}
