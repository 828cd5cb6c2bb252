package dev.offload.dispatch;

import io.vertx.core.Context;

/**
 * One admitted request's place in a pool's admission: queued, then running, then ended exactly once.
 *
 * <p>The {@link Listener} hears, on the ticket's own context, whichever of granted, expired or drained happens
 * first; a running ticket must be {@link Admission#release released} exactly once when its work ends.
 */
public final class Ticket {

  /** What the request does at each turn; each method runs on the context the request arrived on. */
  public interface Listener {
    /** A permit is held: start the work now. */
    void granted(Ticket ticket);

    /** The deadline passed while queued: the work never runs. */
    void expired(Ticket ticket);

    /** The service is stopping and the work was still queued: it never runs. */
    void drained(Ticket ticket);
  }

  enum State { QUEUED, RUNNING, RELEASED, EXPIRED, CANCELLED, DRAINED }

  final Context context;
  final Listener listener;
  final long admittedNanos;
  final long deadlineNanos;
  State state;
  long timerId = -1;
  long grantedNanos;

  Ticket(Context context, Listener listener, long admittedNanos, long deadlineNanos) {
    this.context = context;
    this.listener = listener;
    this.admittedNanos = admittedNanos;
    this.deadlineNanos = deadlineNanos;
  }

  /** How long the ticket waited for its permit, in ms (up to now while it is still queued). */
  public double queueWaitMs() {
    long end = grantedNanos != 0 ? grantedNanos : System.nanoTime();
    return (end - admittedNanos) / 1e6;
  }
}
