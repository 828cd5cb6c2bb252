package dev.offload.dispatch;

import io.vertx.core.Context;

/**
 * The time admission reads and the timers it sets for queue deadlines: Vert.x's timers in the service, a clock the
 * test moves by hand in unit tests, so that grant, expiry and drain can be checked without waiting.
 */
public interface AdmissionClock {

  /** Now, in nanoseconds of an arbitrary origin (as {@link System#nanoTime}). */
  long nanoTime();

  /** Runs {@code onDue} on {@code context} after {@code delayMs}; returns an id for {@link #cancel}. */
  long schedule(Context context, long delayMs, Runnable onDue);

  /** Cancels a timer from {@link #schedule}; called on the context it was scheduled for. */
  void cancel(Context context, long timerId);

  /** The real clock: {@link System#nanoTime} and the timers of the context's own Vert.x. */
  AdmissionClock SYSTEM = new AdmissionClock() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public long schedule(Context context, long delayMs, Runnable onDue) {
      // Called on the request's own context, so Vert.x fires the timer there.
      return context.owner().setTimer(Math.max(1, delayMs), id -> onDue.run());
    }

    @Override
    public void cancel(Context context, long timerId) {
      context.owner().cancelTimer(timerId);
    }
  };
}
