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
  private long nextId = 1;
  private final List<Timer> timers = new ArrayList<>();

  private record Timer(long id, long dueNanos, Context context, Runnable onDue) {
  }

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized long schedule(Context context, long delayMs, Runnable onDue) {
    Timer t = new Timer(nextId++, nanos + TimeUnit.MILLISECONDS.toNanos(delayMs), context, onDue);
    timers.add(t);
    return t.id();
  }

  @Override
  public synchronized void cancel(Context context, long timerId) {
    timers.removeIf(t -> t.id() == timerId);
  }

  /** Moves the clock on by {@code ms} and fires every timer due by then, on its context. */
  public void advance(long ms) {
    List<Timer> due = new ArrayList<>();
    synchronized (this) {
      nanos += TimeUnit.MILLISECONDS.toNanos(ms);
      for (Iterator<Timer> it = timers.iterator(); it.hasNext(); ) {
        Timer t = it.next();
        if (t.dueNanos() - nanos <= 0) {
          it.remove();
          due.add(t);
        }
      }
    }
    for (Timer t : due) {
      t.context().runOnContext(v -> t.onDue().run());
    }
  }

  /** How many timers are set and not yet fired or cancelled. */
  public synchronized int pending() {
    return timers.size();
  }
}
