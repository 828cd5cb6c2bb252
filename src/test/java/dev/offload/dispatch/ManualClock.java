package dev.offload.dispatch;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@link AdmissionClock} that moves only when the test says: {@link #advance} moves the time and fires, each on
 * its own context, every timer that has come due. Deadlines can then be tested exactly, without waiting.
 */
public final class ManualClock implements AdmissionClock {
  private long nanos = TimeUnit.SECONDS.toNanos(1_000);
  private final List<Pending> timers = new ArrayList<>();

  /** A timer set and not yet fired or cancelled. */
  private final class Pending implements Timer {
    private final long dueNanos;
    private final Context context;
    private final Runnable onDue;

    private Pending(long dueNanos, Context context, Runnable onDue) {
      this.dueNanos = dueNanos;
      this.context = context;
      this.onDue = onDue;
    }

    @Override
    public void cancel() {
      synchronized (ManualClock.this) {
        timers.remove(this);
      }
    }
  }

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized Timer schedule(Context context, long delayMs, Runnable onDue) {
    Pending t = new Pending(nanos + TimeUnit.MILLISECONDS.toNanos(delayMs), context, onDue);
    timers.add(t);
    return t;
  }

  /** Moves the clock on by {@code ms} and fires every timer due by then, on its context. */
  public void advance(long ms) {
    List<Pending> due = new ArrayList<>();
    synchronized (this) {
      nanos += TimeUnit.MILLISECONDS.toNanos(ms);
      for (Iterator<Pending> it = timers.iterator(); it.hasNext(); ) {
        Pending t = it.next();
        if (t.dueNanos - nanos <= 0) {
          it.remove();
          due.add(t);
        }
      }
    }
    for (Pending t : due) {
      t.context.runOnContext(v -> t.onDue.run());
    }
  }

  /** How many timers are set and not yet fired or cancelled. */
  public synchronized int pending() {
    return timers.size();
  }
}
