package dev.offload.service;

import dev.offload.config.Strategy;
import dev.offload.dispatch.Admission;
import dev.offload.dispatch.Execution;
import dev.offload.dispatch.Ticket;
import dev.offload.workload.Params;
import dev.offload.workload.UnavailableException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One piece of work on its way through admission and its strategy to exactly one {@link Outcome}.
 *
 * <p>Whatever happens (a full queue, a deadline, a caller that leaves, a failing workload, a config change, a
 * shutdown) the outcome is settled once: every path goes through {@link #settle}, which lets only the first through,
 * and every path runs on the submission's own context, so they never race each other. The only other thread it
 * meets is the one that runs the work, which gives the permit back the moment the work ends, and which may also be
 * the one that starts it ({@link #runOnPoolThread}): whether the work is handed over or the request ended first is
 * decided once, by {@link #handOver}. A permit is given back exactly once: released when the work ran, abandoned when
 * it was granted but never handed over.
 */
public final class Submission implements Ticket.Listener {
  private static final Logger LOG = Logger.getLogger(Submission.class.getName());
  /** A removed pool can be met at most this often in a row, each time after a newer state was read. */
  private static final int MAX_ROUTE_LOOKUPS = 3;
  private static final int NOT_YET = 0;
  private static final int HANDED_OVER = 1;
  private static final int ENDED_FIRST = 2;

  private final CurrentState state;
  private final InFlight inFlight;
  private final Params params;
  private final long deadlineMs;
  private final Context context;
  private final long submittedNanos;
  private final Promise<Outcome> outcome = Promise.promise();
  /** NOT_YET until the work is handed over (HANDED_OVER) or the request ends without it (ENDED_FIRST): once. */
  private final AtomicInteger handOver = new AtomicInteger(NOT_YET);
  private RouteTable.Route route;
  private boolean settled;
  // Written before the hand-over is decided, read by a pool thread after it (see runOnPoolThread).
  private volatile boolean settledDraining;
  private Ticket ticket;
  // The work as another node has it (the cluster strategy), from the hand-over on; read on the submission's context.
  private RemoteWork.Call remoteCall;

  Submission(CurrentState state, InFlight inFlight, RouteTable.Route route, Params params, long deadlineMs,
      Context context, long submittedNanos) {
    this.state = state;
    this.inFlight = inFlight;
    this.route = route;
    this.params = params;
    this.deadlineMs = deadlineMs;
    this.context = context;
    this.submittedNanos = submittedNanos;
  }

  /** Completes, on the submission's context, with how the work ended. */
  public Future<Outcome> outcome() {
    return outcome.future();
  }

  /**
   * The route the work went through: the one it was submitted with, unless that pool was removed by a config change
   * before the work was admitted, in which case the route as the newer state has it.
   */
  public RouteTable.Route route() {
    return route;
  }

  /**
   * True once the work was handed to its strategy: it runs or ran, whatever the outcome says (a drain can answer
   * work that still runs). Read on the submission's context.
   */
  public boolean workStarted() {
    return handOver.get() == HANDED_OVER;
  }

  /** Asks for admission; the work starts now, later, or never, and the outcome follows in each case. */
  void start() {
    inFlight.add(this);
    for (int lookup = 1; ; lookup++) {
      Admission.Decision decision = route.admission().admit(context, deadlineMs, this);
      if (!decision.gone()) {
        settleRefusal(decision);
        return;
      }
      if (lookup == MAX_ROUTE_LOOKUPS) {
        settle(new Outcome.Unavailable("pool", "pool " + route.pool() + " was removed by a config change; retry"));
        return;
      }
      // Admitted nowhere yet: the request takes its route from the state that removed the pool.
      route = state.get().routes().find(route.name()).orElseThrow();
    }
  }

  private void settleRefusal(Admission.Decision decision) {
    if (decision.draining()) {
      settle(new Outcome.Drained(route.pool()));
    } else if (decision.rejected()) {
      settle(new Outcome.Overloaded(route.pool(), decision.queued(), route.admission().settings().maxQueue(),
          decision.retryAfterSeconds()));
    } else {
      ticket = decision.ticket();
    }
  }

  /**
   * The caller went away. Call on the submission's context. Queued work leaves the queue and never runs; work granted
   * but not yet handed over never runs either ({@link #granted} gives its permit back).
   */
  public void cancel() {
    if (settled) {
      return;
    }
    if (ticket != null) {
      route.admission().cancel(ticket);
    }
    // Granted but not started: it never will be. Already handed over (perhaps just now, on a pool thread): it runs.
    boolean workRuns = !handOver.compareAndSet(NOT_YET, ENDED_FIRST);
    if (remoteCall != null) {
      // On another node it may still wait in a queue there: that node is told to drop it.
      remoteCall.cancel();
    }
    settle(new Outcome.Cancelled(workRuns));
  }

  /** From any thread: ends the submission as drained, on its own context, unless it has ended by then. */
  void drainLater() {
    context.runOnContext(v -> settle(new Outcome.Drained(route.pool())));
  }

  @Override
  public void granted(Ticket granted) {
    ticket = granted;
    Admission admission = route.admission();
    if (!handOver.compareAndSet(NOT_YET, HANDED_OVER)) {
      // Cancelled or drained between the grant (on another thread) and now: give the permit back unused.
      admission.abandon(granted, settledDraining);
      return;
    }
    if (route.strategy() instanceof RemoteWork) {
      sendToNode((RemoteWork) route.strategy(), granted, admission);
      return;
    }
    AtomicBoolean released = new AtomicBoolean();
    Execution<Object> execution = execution(granted, admission, released);
    Future<Object> result;
    try {
      result = route.strategy().submit(execution, granted);
    } catch (Throwable t) {
      result = Future.failedFuture(t);
    }
    result.onComplete(done -> finish(execution, granted, admission, released, done));
  }

  @Override
  public boolean runsOnPoolThread() {
    Strategy kind = route.strategy().kind();
    return kind == Strategy.WORKER_POOL || (kind == Strategy.EXECUTE_BLOCKING && !route.settings().ordered());
  }

  /**
   * On the pool thread that freed the permit (see {@code dispatch.PoolRunner}): the work runs here unless the
   * request ended first; its outcome goes to the submission's context as a strategy's future would bring it.
   */
  @Override
  public boolean runOnPoolThread(Ticket granted) {
    Admission admission = route.admission();
    if (!handOver.compareAndSet(NOT_YET, HANDED_OVER)) {
      admission.abandon(granted, settledDraining);
      return false;
    }
    AtomicBoolean released = new AtomicBoolean();
    Execution<Object> execution = execution(granted, admission, released);
    AsyncResult<Object> done;
    try {
      done = Future.succeededFuture(execution.call());
    } catch (Throwable t) {
      done = Future.failedFuture(t);
    }
    AsyncResult<Object> result = done;
    try {
      context.runOnContext(v -> finish(execution, granted, admission, released, result));
    } catch (RuntimeException e) {
      // Only a closed event loop refuses it, at the very end of a stop: the drain has answered the request by then.
      LOG.log(Level.WARNING, "the outcome of route " + route.name() + " found its event loop closed", e);
    }
    return true;
  }

  /** The work, timed, giving its permit back the moment it ends. */
  private Execution<Object> execution(Ticket granted, Admission admission, AtomicBoolean released) {
    return new Execution<>(() -> {
      boolean ok = false;
      try {
        Object value = route.workload().run(params);
        ok = true;
        return value;
      } finally {
        // The permit comes back on the thread that ran the work, the moment it ends: waiting for the hop to the
        // event loop would leave the thread idle for as long as that loop is busy.
        if (released.compareAndSet(false, true)) {
          admission.release(granted, ok);
        }
      }
    }, submittedNanos);
  }

  /** On the submission's context, once the work has ended (or its hand-over failed). */
  private void finish(Execution<Object> execution, Ticket granted, Admission admission, AtomicBoolean released,
      AsyncResult<Object> done) {
    if (released.compareAndSet(false, true)) {
      // The work never ran (the hand-over itself failed): the permit comes back here instead.
      admission.release(granted, false);
    }
    Outcome ended = outcomeOf(execution, done);
    if (settled && ended instanceof Outcome.Failed) {
      // Nobody waits for this answer any more (the caller left, or the service answered it draining), but a
      // workload that throws belongs in the log all the same.
      LOG.log(Level.SEVERE, "work of route " + route.name() + " failed after its caller stopped waiting",
          ((Outcome.Failed) ended).cause());
    }
    settle(ended);
  }

  /**
   * The cluster strategy: the permit bounds what this node has in flight to other nodes, so it is held until the
   * node's outcome (or its loss) is known, then given back here, on the request's context.
   */
  private void sendToNode(RemoteWork remote, Ticket granted, Admission admission) {
    Future<Outcome> sent;
    try {
      remoteCall = remote.send(route, params, deadlineMs, submittedNanos);
      sent = remoteCall.outcome();
    } catch (Throwable t) {
      sent = Future.failedFuture(t);
    }
    sent.onComplete(done -> {
      Outcome ended = done.succeeded() ? done.result() : new Outcome.Failed(done.cause());
      admission.release(granted, ended instanceof Outcome.Done);
      settle(ended);
    });
  }

  private static Outcome outcomeOf(Execution<Object> execution, AsyncResult<Object> done) {
    if (done.succeeded()) {
      return new Outcome.Done(done.result(), execution);
    }
    if (done.cause() instanceof UnavailableException) {
      UnavailableException down = (UnavailableException) done.cause();
      return new Outcome.Unavailable(down.dependency(), down.getMessage());
    }
    return new Outcome.Failed(done.cause());
  }

  @Override
  public void expired(Ticket expired) {
    settle(new Outcome.Expired(route.pool(), expired.queueWaitMs()));
  }

  @Override
  public void drained(Ticket drained) {
    settle(new Outcome.Drained(route.pool()));
  }

  /** The first outcome wins; later ones (a result after a drain, say) are dropped. */
  private void settle(Outcome result) {
    if (settled) {
      return;
    }
    settled = true;
    settledDraining = result instanceof Outcome.Drained;
    // A permit granted but not yet used is not used now: granted or runOnPoolThread gives it back.
    handOver.compareAndSet(NOT_YET, ENDED_FIRST);
    if (ticket != null) {
      route.admission().settled(ticket);
    }
    inFlight.remove(this);
    outcome.complete(result);
  }
}
