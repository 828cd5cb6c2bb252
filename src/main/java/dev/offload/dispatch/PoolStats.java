package dev.offload.dispatch;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of one pool: how many tasks were submitted, are queued, are running, and how they ended.
 *
 * <p>submitted = queued + active + completed + failed at every quiet moment (each counter moves on its own, so a
 * reader racing a task may see it in two states for an instant).
 */
public final class PoolStats {
  private final String name;
  private final String kind;
  private final Integer size;
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong abandoned = new AtomicLong();

  /**
   * @param kind what runs the pool's tasks, e.g. {@code worker-pool}
   * @param size its concurrency, or null when unbounded (virtual threads)
   */
  PoolStats(String name, String kind, Integer size) {
    this.name = name;
    this.kind = kind;
    this.size = size;
  }

  void submitted() {
    submitted.incrementAndGet();
  }

  void started() {
    started.incrementAndGet();
  }

  void finished(boolean ok) {
    (ok ? completed : failed).incrementAndGet();
  }

  /** A task whose dispatch failed before it started: it leaves the queue as failed. */
  void abandoned() {
    abandoned.incrementAndGet();
    failed.incrementAndGet();
  }

  public String name() {
    return name;
  }

  public String kind() {
    return kind;
  }

  public Integer size() {
    return size;
  }

  public long submittedCount() {
    return submitted.get();
  }

  public long queued() {
    return submitted.get() - started.get() - abandoned.get();
  }

  public long active() {
    return started.get() - (completed.get() + failed.get() - abandoned.get());
  }

  public long completed() {
    return completed.get();
  }

  public long failed() {
    return failed.get();
  }
}
