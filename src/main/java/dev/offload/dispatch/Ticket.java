package dev.offload.dispatch;

import io.vertx.core.Context;

/**
 * One admitted request's place in a pool's admission: queued, then running, then ended exactly once.
 *
 * <p>The {@link Listener} hears, on the ticket's own context, whichever of granted, expired or drained happens
 * first; a running ticket must be {@link Admission#release released} (its work ran) or
 * {@link Admission#abandon abandoned} (it never did) exactly once. A ticket granted on a named pool holds a place on
 * the pool generation whose threads run it, fixed at the grant: a resize after that moves only later grants.
 */
public final class Ticket {

  /**
   * What the request does at each turn; each method runs on the context the request arrived on, but
   * {@link #runOnPoolThread}.
   */
  public interface Listener {
    /** A permit is held: start the work now. */
    void granted(Ticket ticket);

    /** The deadline passed while queued: the work never runs. */
    void expired(Ticket ticket);

    /** The service is stopping and the work was still queued: it never runs. */
    void drained(Ticket ticket);

    /**
     * True when the work can start on the pool thread that freed its permit, through {@link #runOnPoolThread}
     * instead of {@link #granted}: work that runs unordered on a worker pool's threads.
     */
    default boolean runsOnPoolThread() {
      return false;
    }

    /**
     * A permit is held, and this is the pool thread that freed it, with the ticket's context dispatched: run the work
     * here unless the request has ended meanwhile (then give the permit back), and send the outcome to the ticket's
     * context. Called only where {@link #runsOnPoolThread} is true.
     *
     * @return true if the work ran here
     */
    default boolean runOnPoolThread(Ticket ticket) {
      throw new UnsupportedOperationException("this listener starts its work only on its own context");
    }
  }

  enum State { QUEUED, RUNNING, RELEASED, EXPIRED, CANCELLED, DRAINED }

  final Context context;
  final Listener listener;
  final long admittedNanos;
  final long deadlineNanos;
  // Written under the admission's lock; read by the listener after the grant, which happens-after it.
  State state;
  // Written and read only on the ticket's context (set in admit(), cancelled by whichever call ends the request).
  AdmissionClock.Timer timer;
  long grantedNanos;
  long leftQueueNanos;
  PoolGeneration generation;

  Ticket(Context context, Listener listener, long admittedNanos, long deadlineNanos) {
    this.context = context;
    this.listener = listener;
    this.admittedNanos = admittedNanos;
    this.deadlineNanos = deadlineNanos;
  }

  /** How long the ticket waited for its permit, or until it expired or was drained, in ms. */
  public double queueWaitMs() {
    return (leftQueueNanos - admittedNanos) / 1e6;
  }
}
