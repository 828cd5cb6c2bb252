package dev.offload.dispatch;

import dev.offload.config.AdmissionSettings;
import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Admission control in front of one pool: at most {@code limit} tasks run, at most {@code maxQueue} wait, and none
 * waits past its deadline. Vert.x's own worker queues are unbounded, so offload holds the queue itself and hands a
 * task to its strategy only once a permit is free: whatever waits here can still be refused, expired, cancelled or
 * drained without ever running.
 *
 * <p>Shared by every HTTP instance, so its state is guarded by this object's lock; listeners are always called
 * outside the lock, on their ticket's context. The counters add up at every moment:
 * admitted = completed + failed + expired + cancelled + drained + running + queued.
 */
public final class Admission {
  private static final double EWMA_WEIGHT = 0.2;

  // Guarded by this object's lock: a config change may replace them while requests are admitted.
  private AdmissionSettings settings;
  private final String kind;
  private Integer threads;
  private ConcurrencyLimit limit;
  private final LongSupplier nanoClock;
  private final ArrayDeque<Ticket> queue = new ArrayDeque<>();
  private int running;
  private boolean closed;
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
   */
  public Admission(AdmissionSettings settings, String kind, Integer threads, LongSupplier nanoClock) {
    this.settings = settings;
    this.kind = kind;
    this.threads = threads;
    this.limit = limitOf(settings);
    this.nanoClock = nanoClock;
  }

  private static ConcurrencyLimit limitOf(AdmissionSettings settings) {
    return settings.aimd() != null ? new AimdLimit(settings.aimd()) : ConcurrencyLimit.fixed(settings.maxConcurrent());
  }

  /**
   * Takes new settings at runtime. Running and queued tasks stay where they are: queued ones keep their deadlines,
   * and a higher limit starts them at once; a lower one lets running tasks finish and starts no more until the
   * count is under it. New requests meet the new queue bound and wait.
   */
  public void reconfigure(AdmissionSettings newSettings, Integer newThreads) {
    List<Ticket> toGrant = new ArrayList<>();
    List<Ticket> toExpire = new ArrayList<>();
    synchronized (this) {
      if (!newSettings.equals(settings)) {
        settings = newSettings;
        limit = limitOf(newSettings);
      }
      threads = newThreads;
      pollQueue(toGrant, toExpire);
    }
    notify(toGrant, toExpire);
  }

  /** True when nothing runs or waits: a retired pool may then release its threads. */
  public synchronized boolean idle() {
    return running == 0 && queue.isEmpty();
  }

  /** The answer to one request for admission. */
  public record Decision(Ticket ticket, boolean draining, int queued, long retryAfterSeconds) {
    public boolean rejected() {
      return ticket == null;
    }
  }

  /**
   * Admits a request or refuses it. Called on the request's context. When a permit is free the listener's
   * {@code granted} runs before this returns; when queued, one of its methods runs later.
   *
   * @param queueDeadlineMs the longest the request may wait for a permit; the pool's maxQueueWaitMs caps it
   */
  public Decision admit(Context context, long queueDeadlineMs, Ticket.Listener listener) {
    long now = nanoClock.getAsLong();
    long waitMs;
    Ticket ticket;
    boolean startNow;
    synchronized (this) {
      waitMs = Math.min(queueDeadlineMs, settings.maxQueueWaitMs());
      ticket = new Ticket(context, listener, now, now + TimeUnit.MILLISECONDS.toNanos(waitMs));
      if (closed) {
        rejected++;
        return new Decision(null, true, queue.size(), 1);
      }
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
        return new Decision(null, false, queue.size(), retryAfterSeconds());
      }
    }
    if (startNow) {
      listener.granted(ticket);
    } else {
      ticket.timerId = context.owner().setTimer(Math.max(1, waitMs), id -> expireIfQueued(ticket));
    }
    return new Decision(ticket, false, 0, 0);
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
      double serviceMs = (nanoClock.getAsLong() - ticket.grantedNanos) / 1e6;
      serviceMsEwma = serviceMsEwma == 0 ? serviceMs : serviceMsEwma + EWMA_WEIGHT * (serviceMs - serviceMsEwma);
      pollQueue(toGrant, toExpire);
    }
    notify(toGrant, toExpire);
  }

  /**
   * A granted ticket whose work will not run after all (its client left before the work was handed over): the
   * permit is given back and the ticket counts as cancelled.
   */
  public void abandon(Ticket ticket) {
    List<Ticket> toGrant = new ArrayList<>();
    List<Ticket> toExpire = new ArrayList<>();
    synchronized (this) {
      if (ticket.state != Ticket.State.RUNNING) {
        throw new IllegalStateException("abandon of a ticket that is " + ticket.state);
      }
      ticket.state = Ticket.State.CANCELLED;
      running--;
      cancelled++;
      pollQueue(toGrant, toExpire);
    }
    notify(toGrant, toExpire);
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
      cancelled++;
    }
    // Called on the ticket's own context (the connection's end handler), where its timer id was set.
    cancelTimer(ticket);
    return true;
  }

  /** Stops admitting (new requests are refused as draining) and drains every queued ticket. */
  public void drain() {
    List<Ticket> out;
    synchronized (this) {
      closed = true;
      out = new ArrayList<>(queue);
      queue.clear();
      for (Ticket t : out) {
        t.state = Ticket.State.DRAINED;
        drained++;
      }
    }
    for (Ticket t : out) {
      t.context.runOnContext(v -> {
        cancelTimer(t);
        t.listener.drained(t);
      });
    }
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
      expired++;
    }
    ticket.listener.expired(ticket);
  }

  /** Under the lock: hands free permits to queued tickets in order, expiring those already past their deadline. */
  private void pollQueue(List<Ticket> toGrant, List<Ticket> toExpire) {
    long now = nanoClock.getAsLong();
    Iterator<Ticket> it = queue.iterator();
    while (it.hasNext() && running < limit.current()) {
      Ticket next = it.next();
      it.remove();
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

  private void grant(Ticket ticket, long now) {
    ticket.state = Ticket.State.RUNNING;
    ticket.grantedNanos = now;
    running++;
    limit.onStart((now - ticket.admittedNanos) / 1e6, running);
  }

  private static void notify(List<Ticket> toGrant, List<Ticket> toExpire) {
    // Always through the ticket's context, even our own: an inline (event-loop) task must not run inside
    // release(), and the timer id is written and read only there (admit() sets it on that context).
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

  private static void cancelTimer(Ticket t) {
    if (t.timerId >= 0) {
      t.context.owner().cancelTimer(t.timerId);
    }
  }

  /** Whole seconds until the queue should have room: queued × recent service time ÷ limit, at least 1. */
  private long retryAfterSeconds() {
    double ms = (queue.size() + 1) * serviceMsEwma / Math.max(1, limit.current());
    return Math.max(1, (long) Math.ceil(ms / 1000.0));
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
