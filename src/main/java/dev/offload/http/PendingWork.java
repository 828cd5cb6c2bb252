package dev.offload.http;

import dev.offload.config.Strategy;
import dev.offload.dispatch.Admission;
import dev.offload.dispatch.Execution;
import dev.offload.dispatch.RouteTable;
import dev.offload.dispatch.Ticket;
import dev.offload.workload.Params;
import dev.offload.workload.UnavailableException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One validated work request on its way through admission and a strategy to its answer.
 *
 * <p>Whatever happens — a full queue, a deadline, a client that leaves, a failing workload, a shutdown — it gives
 * exactly one answer: every path goes through {@link #answer}, which lets only the first one through.
 */
final class PendingWork implements Ticket.Listener {
  private static final long PID = ProcessHandle.current().pid();

  private final RoutingContext ctx;
  private final RouteTable.Route route;
  private final Params params;
  private final int instance;
  private final ServiceComponents components;
  private final Long requestTimeoutMs;
  private final long arrivedNanos = System.nanoTime();
  private final String eventLoop = Thread.currentThread().getName();
  private final Context context = Vertx.currentContext();
  private final Admission admission;
  private final AtomicBoolean answered = new AtomicBoolean();
  private Ticket ticket;

  /** @param requestTimeoutMs the client's {@code X-Request-Timeout-Ms}, or null */
  PendingWork(RoutingContext ctx, RouteTable.Route route, Params params, int instance, ServiceComponents components,
      Long requestTimeoutMs) {
    this.ctx = ctx;
    this.route = route;
    this.params = params;
    this.instance = instance;
    this.components = components;
    this.requestTimeoutMs = requestTimeoutMs;
    this.admission = components.dispatchers().admissionOf(route.strategy());
  }

  /** Asks for admission; the work starts now, later, or never, and the answer follows in each case. */
  void start() {
    components.inFlight().add(this);
    // vertx-web's end handlers hear a closed connection; setting response().closeHandler would replace theirs.
    ctx.addEndHandler(end -> {
      if (end.failed()) {
        clientGone();
      }
    });
    long deadlineMs = requestTimeoutMs != null ? requestTimeoutMs : Long.MAX_VALUE;
    Admission.Decision decision = admission.admit(context, deadlineMs, this);
    if (decision.draining()) {
      answerDraining();
    } else if (decision.rejected()) {
      answerOverloaded(decision);
    } else {
      ticket = decision.ticket();
    }
  }

  @Override
  public void granted(Ticket granted) {
    ticket = granted;
    if (answered.get()) {
      // The client left between the grant (on another loop) and now: give the permit back unused.
      admission.abandon(granted);
      return;
    }
    AtomicBoolean released = new AtomicBoolean();
    Execution<Object> execution = new Execution<>(() -> {
      boolean ok = false;
      try {
        Object value = route.workload().run(params);
        ok = true;
        return value;
      } finally {
        // Give the permit back on the thread that ran the work, the moment it ends: waiting for the answer's hop
        // to the event loop would leave the thread idle for as long as that loop is busy.
        if (released.compareAndSet(false, true)) {
          admission.release(granted, ok);
        }
      }
    }, arrivedNanos);
    Future<Object> result;
    try {
      result = route.strategy().submit(execution);
    } catch (Throwable t) {
      result = Future.failedFuture(t);
    }
    result.onComplete(done -> {
      try {
        if (released.compareAndSet(false, true)) {
          // The work never ran (the dispatch itself failed): the permit comes back here instead.
          admission.release(granted, false);
        }
      } finally {
        answerResult(execution, done);
      }
    });
  }

  @Override
  public void expired(Ticket expired) {
    double waitedMs = expired.queueWaitMs();
    answer(504, "deadline_exceeded", new JsonObject()
        .put("error", "deadline_exceeded")
        .put("message", "the work could not start within " + Math.round(waitedMs) + " ms; it was dropped unrun")
        .put("pool", admission.pool())
        .put("waitedMs", round(waitedMs)));
  }

  @Override
  public void drained(Ticket drained) {
    answerDraining();
  }

  /** From any thread: answers 503 draining on this request's event loop, unless it is answered by then. */
  void answerDrainingLater() {
    context.runOnContext(v -> answerDraining());
  }

  private void clientGone() {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    components.inFlight().remove(this);
    // Queued work is dropped unrun; running work finishes, and its answer has nowhere to go.
    boolean wasQueued = ticket != null && admission.cancel(ticket);
    components.meters().request(instance, route.workload().name(), strategyName(),
        wasQueued ? "cancelled" : "client_gone");
  }

  private void answerResult(Execution<Object> execution, AsyncResult<Object> result) {
    if (result.failed() && result.cause() instanceof UnavailableException) {
      UnavailableException down = (UnavailableException) result.cause();
      if (claim("unavailable")) {
        // The dependency's own words help the operator; they hold no stack trace and no request data.
        ctx.response().putHeader("Retry-After", "1");
        ApiErrors.send(ctx, 503, new JsonObject().put("error", "unavailable").put("dependency", down.dependency())
            .put("message", down.getMessage()));
      }
      return;
    }
    if (result.failed()) {
      if (claim("error")) {
        ApiErrors.internal(ctx, result.cause());
      } else {
        ApiErrors.logUnanswered(result.cause());
      }
      return;
    }
    components.meters().timings(route.workload().name(), strategyName(), execution.queuedMs(), execution.serviceMs());
    JsonObject body = new JsonObject()
        .put("workload", route.workload().name())
        .put("strategy", strategyName());
    if (route.strategy().kind() == Strategy.EXECUTE_BLOCKING) {
      body.put("ordered", route.settings().ordered());
    }
    body.put("pool", route.strategy().pool())
        .put("instance", instance)
        .put("eventLoop", eventLoop)
        .put("thread", execution.threadName())
        .put("virtual", execution.virtual())
        .put("context", execution.context())
        .put("pid", PID)
        .put("queuedMs", round(execution.queuedMs()))
        .put("serviceMs", round(execution.serviceMs()));
    double elapsedMs = (System.nanoTime() - arrivedNanos) / 1e6;
    if (requestTimeoutMs != null && elapsedMs > requestTimeoutMs) {
      // Started in time, so it ran to the end; the client is told by how much its timeout was passed.
      body.put("deadlineMs", requestTimeoutMs).put("overrunMs", round(elapsedMs - requestTimeoutMs));
    }
    body.put("result", result.result());
    answer(200, "ok", body);
  }

  private void answerOverloaded(Admission.Decision decision) {
    if (claim("overloaded")) {
      ctx.response().putHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
      ApiErrors.send(ctx, 503, new JsonObject()
          .put("error", "overloaded")
          .put("message", "pool " + admission.pool() + " is full: " + decision.queued() + " queued (maxQueue "
              + admission.settings().maxQueue() + "); retry after " + decision.retryAfterSeconds() + " s")
          .put("pool", admission.pool())
          .put("queued", decision.queued()));
    }
  }

  private void answerDraining() {
    answer(503, "draining", new JsonObject()
        .put("error", "draining")
        .put("message", "the service is shutting down; send this request to another instance")
        .put("pool", admission.pool()));
  }

  private void answer(int status, String outcome, JsonObject body) {
    if (claim(outcome)) {
      ApiErrors.send(ctx, status, body);
    }
  }

  /** True for the first answer only; it is counted and the request leaves the in-flight set. */
  private boolean claim(String outcome) {
    if (!answered.compareAndSet(false, true)) {
      return false;
    }
    components.inFlight().remove(this);
    components.meters().request(instance, route.workload().name(), strategyName(), outcome);
    return !ctx.response().closed();
  }

  private String strategyName() {
    return route.strategy().kind().configName();
  }

  private static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}
