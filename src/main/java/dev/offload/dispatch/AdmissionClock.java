package dev.offload.dispatch;

import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.TimeUnit;

/**
 * The time admission reads and the timers it sets for queue deadlines: the context's event-loop timers in the
 * service, a clock the test moves by hand in unit tests, so that grant, expiry and drain can be checked without
 * waiting.
 */
public interface AdmissionClock {

  /** Now, in nanoseconds of an arbitrary origin (as {@link System#nanoTime}). */
  long nanoTime();

  /** Runs {@code onDue} on {@code context} after {@code delayMs}, unless the returned timer is cancelled first. */
  Timer schedule(Context context, long delayMs, Runnable onDue);

  /** A timer from {@link #schedule}. */
  interface Timer {
    /** Cancels the timer if it has not fired; called on the context it was set for. */
    void cancel();
  }

  /**
   * The real clock: {@link System#nanoTime}, and timers on the Netty event loop of the context, whose task runs on
   * the context as a Vert.x timer's does. Not Vert.x's {@code setTimer}: it also keeps each timer in a map shared by
   * every thread and as a close hook of the deployment, and every request that queues sets one and cancels it
   * (docs/performance.md, "Where the time goes"). What the close hook would add, cancelling at undeploy, is not
   * needed: a timer that fires late finds its ticket settled and does nothing.
   */
  AdmissionClock SYSTEM = new AdmissionClock() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Timer schedule(Context context, long delayMs, Runnable onDue) {
      ContextInternal on = (ContextInternal) context;
      ScheduledFuture<?> due = on.nettyEventLoop().schedule(() -> on.emit(v -> onDue.run()), Math.max(1, delayMs),
          TimeUnit.MILLISECONDS);
      return () -> due.cancel(false);
    }
  };
}
