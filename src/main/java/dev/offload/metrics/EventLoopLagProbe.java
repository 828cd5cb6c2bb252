package dev.offload.metrics;

import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * Measures how late a timer fires on one event loop: a loop busy with blocking work cannot run its timers, so the
 * delay past the scheduled time is how long every other request on that loop would have waited.
 *
 * <p>Started from a verticle, it runs on that verticle's event loop; it re-arms one-shot timers rather than using a
 * periodic one, so that each measurement is against its own schedule and a stall is counted once.
 */
public final class EventLoopLagProbe {
  private final Vertx vertx;
  private final long intervalMs;
  private final int instance;
  private final InstanceStats stats;
  private final Timer lagTimer;
  private volatile boolean stopped;
  private long timerId = -1;

  public EventLoopLagProbe(Vertx vertx, long intervalMs, int instance, InstanceStats stats, Timer lagTimer) {
    this.vertx = vertx;
    this.intervalMs = intervalMs;
    this.instance = instance;
    this.stats = stats;
    this.lagTimer = lagTimer;
  }

  public void start() {
    arm();
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(timerId);
  }

  private void arm() {
    long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMs);
    timerId = vertx.setTimer(intervalMs, id -> {
      long lagNanos = Math.max(0, System.nanoTime() - due);
      lagTimer.record(lagNanos, TimeUnit.NANOSECONDS);
      stats.lagObserved(instance, lagNanos / 1000);
      if (!stopped) {
        arm();
      }
    });
  }
}
