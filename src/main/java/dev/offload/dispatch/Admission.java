package dev.offload.dispatch;

import dev.offload.config.AdmissionSettings;
import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Admission control in front of one pool: at most {@code limit} tasks run, at most {@code maxQueue} wait, and none
 * waits past its deadline. Vert.x's own worker queues are unbounded, so offload holds the queue itself and hands a
 * task to its strategy only once a permit is free: whatever waits here can still be refused, expired, cancelled or
 * drained without ever running.
 *
 * <p>A named pool's admission also says which generation of the pool's threads each grant runs on. The limit and
 * the generation change together under this object's lock, so a grant always runs on threads of the size it was
 * counted against, and a generation that has been replaced is never granted again: it closes when its last granted
 * task is done. A pool the config no longer names is {@link #retire retired}: it runs what it holds, then is gone.
 *
 * <p>Shared by every HTTP instance, so its state is guarded by this object's lock; listeners are always called
 * outside the lock, on their ticket's context. The counters add up at every moment:
 * admitted = completed + failed + expired + cancelled + drained + running + queued.
 */
public final class Admission {
  private static final double EWMA_WEIGHT = 0.2;

  private final String kind;
  private final AdmissionClock clock;
  // Guarded by this object's lock: a config change may replace them while requests are admitted.
  private AdmissionSettings settings;
  private Integer threads;
  private ConcurrencyLimit limit;
  private PoolGeneration generation;
  private final ArrayDeque<Ticket> queue = new ArrayDeque<>();
  private int running;
  private boolean closed;
  private boolean retired;
  private boolean gone;
  private long admitted;
  private long rejected;
  private long expired;
  private long cancelled;
  private long drained;
  private long completed;
  private long failed;
  private double serviceMsEwma;

  /**
   * @param kind what runs the pool's tasks, for {@code /stats}
   * @param threads the pool's thread count, or null where it has none of its own (event loops, virtual threads)
   * @param generation the threads of a named pool, or null for a built-in pool
   */
  public Admission(AdmissionSettings settings, String kind, Integer threads, PoolGeneration generation,
      AdmissionClock clock) {
    this.settings = settings;
    this.kind = kind;
    this.threads = threads;
    this.limit = limitOf(settings);
    this.generation = generation;
    this.clock = clock;
  }

  private static ConcurrencyLimit limitOf(AdmissionSettings settings) {
    return settings.aimd() != null ? new AimdLimit(settings.aimd()) : ConcurrencyLimit.fixed(settings.maxConcurrent());
  }

  /**
   * Takes new settings at runtime, and for a named pool the generation of threads that grants run on from now.
   * Running and queued tasks stay where they are: queued ones keep their deadlines, and a higher limit starts them at
   * once, on the new generation; a lower one lets running tasks finish and starts no more until the count is under
   * it. New requests meet the new queue bound. The replaced generation closes once the tasks granted on it are done.
   */
  public void reconfigure(AdmissionSettings newSettings, Integer newThreads, PoolGeneration newGeneration) {
    List<Ticket> toGrant = new ArrayList<>();
    List<Ticket> toExpire = new ArrayList<>();
    PoolGeneration replaced = null;
    synchronized (this) {
      if (!newSettings.equals(settings)) {
        settings = newSettings;
        limit = limitOf(newSettings);
      }
      threads = newThreads;
      if (newGeneration != generation) {
        replaced = generation;
        generation = newGeneration;
      }
      pollQueue(toGrant, toExpire);
    }
    if (replaced != null) {
      replaced.retire();
    }
    notify(toGrant, toExpire);
  }

  /**
   * The config no longer names this pool. Requests that read the old routes just before the change may still
   * arrive and run; once nothing runs or waits, the pool is gone: its threads close and further requests are told
   * to look up their route again ({@link Decision#gone()}).
   */
  public void retire() {
    synchronized (this) {
      retired = true;
    }
    goneIfIdle();
  }

  /** True once a retired pool has run its last task: {@code /stats} stops listing it. */
  public synchronized boolean gone() {
    return gone;
  }

  /** The answer to one request for admission. */
  public record Decision(Ticket ticket, Refusal refusal, int queued, long retryAfterSeconds) {
    public boolean rejected() {
      return refusal == Refusal.OVERLOADED;
    }

    public boolean draining() {
      return refusal == Refusal.DRAINING;
    }

    /** The pool was removed by a config change after the request read its route: look the route up again. */
    public boolean gone() {
      return refusal == Refusal.GONE;
    }
  }

  /** Why a request was not admitted. */
  public enum Refusal { OVERLOADED, DRAINING, GONE }

  /**
   * Admits a request or refuses it. Called on the request's context. When a permit is free the listener's
   * {@code granted} runs before this returns; when queued, one of its methods runs later.
   *
   * @param queueDeadlineMs the longest the request may wait for a permit; the pool's maxQueueWaitMs caps it
   */
  public Decision admit(Context context, long queueDeadlineMs, Ticket.Listener listener) {
    long now = clock.nanoTime();
    long waitMs;
    Ticket ticket;
    boolean startNow;
    synchronized (this) {
      if (gone) {
        return new Decision(null, Refusal.GONE, 0, 1);
      }
      if (closed) {
        rejected++;
        return new Decision(null, Refusal.DRAINING, queue.size(), 1);
      }
      waitMs = Math.min(queueDeadlineMs, settings.maxQueueWaitMs());
      ticket = new Ticket(context, listener, now, now + TimeUnit.MILLISECONDS.toNanos(waitMs));
      if (queue.isEmpty() && running < limit.current()) {
        admitted++;
        grant(ticket, now);
        startNow = true;
      } else if (queue.size() < settings.maxQueue()) {
        admitted++;
        ticket.state = Ticket.State.QUEUED;
        queue.addLast(ticket);
        startNow = false;
      } else {
        rejected++;
        return new Decision(null, Refusal.OVERLOADED, queue.size(), retryAfterSeconds());
      }
    }
    if (startNow) {
      listener.granted(ticket);
    } else {
      ticket.timer = clock.schedule(context, waitMs, () -> expireIfQueued(ticket));
    }
    return new Decision(ticket, null, 0, 0);
  }

  /** Ends a running ticket's work; frees its permit for the next queued ticket. Call exactly once. */
  public void release(Ticket ticket, boolean succeeded) {
    List<Ticket> toGrant = new ArrayList<>();
    List<Ticket> toExpire = new ArrayList<>();
    synchronized (this) {
      if (ticket.state != Ticket.State.RUNNING) {
        throw new IllegalStateException("release of a ticket that is " + ticket.state);
      }
      ticket.state = Ticket.State.RELEASED;
      running--;
      if (succeeded) {
        completed++;
      } else {
        failed++;
      }
      double serviceMs = (clock.nanoTime() - ticket.grantedNanos) / 1e6;
      serviceMsEwma = serviceMsEwma == 0 ? serviceMs : serviceMsEwma + EWMA_WEIGHT * (serviceMs - serviceMsEwma);
      pollQueue(toGrant, toExpire);
    }
    runHereOrNotify(toGrant, toExpire);
    goneIfIdle();
  }

  /**
   * A granted ticket whose work will not be handed to its strategy after all: the permit and its place on the
   * generation are given back, and the ticket counts as drained (the service answered it draining between the grant
   * and the hand-over) or as cancelled (its client left then). Either way its work never runs.
   */
  public void abandon(Ticket ticket, boolean drainedMeanwhile) {
    List<Ticket> toGrant = new ArrayList<>();
    List<Ticket> toExpire = new ArrayList<>();
    synchronized (this) {
      if (ticket.state != Ticket.State.RUNNING) {
        throw new IllegalStateException("abandon of a ticket that is " + ticket.state);
      }
      running--;
      if (drainedMeanwhile) {
        ticket.state = Ticket.State.DRAINED;
        drained++;
      } else {
        ticket.state = Ticket.State.CANCELLED;
        cancelled++;
      }
      pollQueue(toGrant, toExpire);
    }
    if (ticket.generation != null) {
      ticket.generation.taskDone();
    }
    runHereOrNotify(toGrant, toExpire);
    goneIfIdle();
  }

  /**
   * The client went away: a queued ticket leaves the queue and its work never runs.
   *
   * @return true if the ticket was queued and is now cancelled; false if it had already left the queue
   */
  public boolean cancel(Ticket ticket) {
    synchronized (this) {
      if (ticket.state != Ticket.State.QUEUED) {
        return false;
      }
      queue.remove(ticket);
      ticket.state = Ticket.State.CANCELLED;
      ticket.leftQueueNanos = clock.nanoTime();
      cancelled++;
    }
    // Called on the ticket's own context (the connection's end handler), where its timer was set.
    cancelTimer(ticket);
    goneIfIdle();
    return true;
  }

  /** Stops admitting (new requests are refused as draining) and drains every queued ticket. */
  public void drain() {
    List<Ticket> out;
    synchronized (this) {
      closed = true;
      out = new ArrayList<>(queue);
      queue.clear();
      long now = clock.nanoTime();
      for (Ticket t : out) {
        t.state = Ticket.State.DRAINED;
        t.leftQueueNanos = now;
        drained++;
      }
    }
    for (Ticket t : out) {
      t.context.runOnContext(v -> {
        cancelTimer(t);
        t.listener.drained(t);
      });
    }
    goneIfIdle();
  }

  /** Refuses new requests as draining, but lets queued ones run: the first step of a graceful stop. */
  public synchronized void close() {
    closed = true;
  }

  private void expireIfQueued(Ticket ticket) {
    synchronized (this) {
      if (ticket.state != Ticket.State.QUEUED) {
        return;
      }
      queue.remove(ticket);
      ticket.state = Ticket.State.EXPIRED;
      ticket.leftQueueNanos = clock.nanoTime();
      expired++;
    }
    ticket.listener.expired(ticket);
    goneIfIdle();
  }

  /** A retired pool with nothing running or waiting is gone, and its threads close once their last task returns. */
  private void goneIfIdle() {
    PoolGeneration last;
    synchronized (this) {
      if (!retired || gone || running != 0 || !queue.isEmpty()) {
        return;
      }
      gone = true;
      last = generation;
    }
    if (last != null) {
      last.retire();
    }
  }

  /** Under the lock: hands free permits to queued tickets in order, expiring those already past their deadline. */
  private void pollQueue(List<Ticket> toGrant, List<Ticket> toExpire) {
    long now = clock.nanoTime();
    Iterator<Ticket> it = queue.iterator();
    while (it.hasNext() && running < limit.current()) {
      Ticket next = it.next();
      it.remove();
      next.leftQueueNanos = now;
      if (now - next.deadlineNanos > 0) {
        next.state = Ticket.State.EXPIRED;
        expired++;
        toExpire.add(next);
      } else {
        grant(next, now);
        toGrant.add(next);
      }
    }
  }

  /** Under the lock: the ticket runs, on the generation current at this moment, which counts it until it is done. */
  private void grant(Ticket ticket, long now) {
    ticket.state = Ticket.State.RUNNING;
    ticket.grantedNanos = now;
    ticket.leftQueueNanos = now;
    ticket.generation = generation;
    if (generation != null) {
      generation.taskGranted();
    }
    running++;
    limit.onStart((now - ticket.admittedNanos) / 1e6, running);
  }

  /**
   * After a permit came back: the first newly granted ticket may start right here, when this thread is a
   * {@link PoolRunner} of the pool it needs; every other one is told on its own context.
   */
  private void runHereOrNotify(List<Ticket> toGrant, List<Ticket> toExpire) {
    if (!toGrant.isEmpty() && PoolRunner.offer(toGrant.get(0))) {
      toGrant.remove(0);
    }
    notify(toGrant, toExpire);
  }

  private void notify(List<Ticket> toGrant, List<Ticket> toExpire) {
    // Always through the ticket's context, even our own: an inline (event-loop) task must not run inside
    // release(), and the ticket's timer is written and read only there (admit() sets it on that context).
    for (Ticket t : toGrant) {
      t.context.runOnContext(v -> {
        cancelTimer(t);
        t.listener.granted(t);
      });
    }
    for (Ticket t : toExpire) {
      t.context.runOnContext(v -> {
        cancelTimer(t);
        t.listener.expired(t);
      });
    }
  }

  private void cancelTimer(Ticket t) {
    if (t.timer != null) {
      t.timer.cancel();
      t.timer = null;
    }
  }

  /**
   * The request of {@code ticket} has its outcome: its deadline timer, if one is still set, is cancelled (a ticket
   * that started on a pool thread was not told on its context, where the timer is). Call on the ticket's context.
   */
  public void settled(Ticket ticket) {
    cancelTimer(ticket);
  }

  /** Whole seconds until the queue should have room: queued × recent service time ÷ limit, at least 1. */
  private long retryAfterSeconds() {
    double ms = (queue.size() + 1) * serviceMsEwma / Math.max(1, limit.current());
    return Math.max(1, (long) Math.ceil(ms / 1000.0));
  }

  /** The threads a grant runs on now: a named pool's current generation, null for a built-in pool. */
  public synchronized PoolGeneration generation() {
    return generation;
  }

  public synchronized String pool() {
    return settings.pool();
  }

  public synchronized AdmissionSettings settings() {
    return settings;
  }

  /** A consistent copy of the counters. */
  public synchronized Snapshot snapshot() {
    return new Snapshot(settings.pool(), kind, threads, limit.current(), settings.maxQueue(),
        settings.maxQueueWaitMs(), running, queue.size(), admitted, rejected, expired, cancelled, drained, completed,
        failed);
  }

  /** The counters of one pool at one moment; {@code admitted} is the sum of the seven after it. */
  public record Snapshot(String pool, String kind, Integer threads, int limit, int maxQueue, long maxQueueWaitMs,
      int running, int queued, long admitted, long rejected, long expired, long cancelled, long drained,
      long completed, long failed) {
  }
}
