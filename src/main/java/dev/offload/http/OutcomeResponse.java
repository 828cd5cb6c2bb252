package dev.offload.http;

import dev.offload.config.Strategy;
import dev.offload.cluster.RemoteRun;
import dev.offload.dispatch.WorkRun;
import dev.offload.service.Outcome;
import dev.offload.service.RouteTable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/** Writes a work request's {@link Outcome} as its HTTP answer, and names the outcome for the request counter. */
final class OutcomeResponse {
  private static final long PID = ProcessHandle.current().pid();

  private OutcomeResponse() {
  }

  /**
   * Answers {@code request} for {@code outcome} (nothing is sent when the caller went away) and returns the outcome's
   * name for {@code offload_requests}.
   *
   * @param requestTimeoutMs the client's {@code X-Request-Timeout-Ms}, or null
   * @param arrivedNanos when the request arrived, to report an overrun of the client's timeout
   */
  static String send(HttpServerRequest request, RouteTable.Route route, int instance, Outcome outcome,
      Long requestTimeoutMs, long arrivedNanos) {
    if (outcome instanceof Outcome.Done) {
      ok(request, route, instance, (Outcome.Done) outcome, requestTimeoutMs, arrivedNanos);
      return "ok";
    }
    if (outcome instanceof Outcome.Failed) {
      ApiErrors.internal(request, ((Outcome.Failed) outcome).cause());
      return "error";
    }
    if (outcome instanceof Outcome.Unavailable) {
      Outcome.Unavailable down = (Outcome.Unavailable) outcome;
      // The dependency's own words help the operator; they hold no stack trace and no request data.
      request.response().putHeader("Retry-After", "1");
      ApiErrors.send(request, 503, new JsonObject().put("error", "unavailable").put("dependency", down.dependency())
          .put("message", down.message()));
      return "unavailable";
    }
    if (outcome instanceof Outcome.Overloaded) {
      Outcome.Overloaded full = (Outcome.Overloaded) outcome;
      request.response().putHeader("Retry-After", Long.toString(full.retryAfterSeconds()));
      ApiErrors.send(request, 503, new JsonObject()
          .put("error", "overloaded")
          .put("message", "pool " + full.pool() + " is full: " + full.queued() + " queued (maxQueue "
              + full.maxQueue() + "); retry after " + full.retryAfterSeconds() + " s")
          .put("pool", full.pool())
          .put("queued", full.queued()));
      return "overloaded";
    }
    if (outcome instanceof Outcome.Expired) {
      Outcome.Expired late = (Outcome.Expired) outcome;
      ApiErrors.send(request, 504, new JsonObject()
          .put("error", "deadline_exceeded")
          .put("message", "the work could not start within " + Math.round(late.waitedMs())
              + " ms; it was dropped unrun")
          .put("pool", late.pool())
          .put("waitedMs", round(late.waitedMs())));
      return "deadline_exceeded";
    }
    if (outcome instanceof Outcome.NodeLost) {
      Outcome.NodeLost lost = (Outcome.NodeLost) outcome;
      request.response().putHeader("Retry-After", "1");
      ApiErrors.send(request, 503, new JsonObject()
          .put("error", "node_lost")
          .put("message", lost.message())
          .put("node", lost.node()));
      return "node_lost";
    }
    if (outcome instanceof Outcome.NoAnswer) {
      Outcome.NoAnswer late = (Outcome.NoAnswer) outcome;
      ApiErrors.send(request, 504, new JsonObject()
          .put("error", "deadline_exceeded")
          .put("message", "node " + late.node() + " gave no answer within " + Math.round(late.waitedMs())
              + " ms; the work may still run there")
          .put("node", late.node())
          .put("waitedMs", round(late.waitedMs())));
      return "deadline_exceeded";
    }
    if (outcome instanceof Outcome.Drained) {
      request.response().putHeader("Retry-After", "1");
      ApiErrors.send(request, 503, new JsonObject()
          .put("error", "draining")
          .put("message", "the service is shutting down; send this request to another instance")
          .put("pool", ((Outcome.Drained) outcome).pool()));
      return "draining";
    }
    // Cancelled: the client has gone, there is no one to answer.
    return ((Outcome.Cancelled) outcome).workRuns() ? "client_gone" : "cancelled";
  }

  private static void ok(HttpServerRequest request, RouteTable.Route route, int instance, Outcome.Done done,
      Long requestTimeoutMs, long arrivedNanos) {
    // Written field by field when sent: the answer every request of a load gets, so no JSON tree is built for it.
    ApiErrors.send(request, 200, () -> okBody(route, instance, done, requestTimeoutMs, arrivedNanos));
  }

  private static Buffer okBody(RouteTable.Route route, int instance, Outcome.Done done, Long requestTimeoutMs,
      long arrivedNanos) {
    WorkRun execution = done.run();
    JsonWriter.Fields body = JsonWriter.fields()
        .put("workload", route.name())
        .put("strategy", route.strategy().kind().configName());
    if (route.strategy().kind() == Strategy.EXECUTE_BLOCKING) {
      body.put("ordered", route.settings().ordered());
    }
    body.put("pool", route.pool())
        .put("instance", instance)
        .put("eventLoop", Thread.currentThread().getName())
        .put("thread", execution.threadName())
        .put("virtual", execution.virtual())
        .put("context", execution.context())
        .put("pid", PID);
    if (execution instanceof RemoteRun) {
      // The worker node that ran it; thread, context and service time above are the worker's.
      body.putValue("node", ((RemoteRun) execution).node());
    }
    body.put("queuedMs", round(execution.queuedMs()))
        .put("serviceMs", round(execution.serviceMs()));
    double elapsedMs = (System.nanoTime() - arrivedNanos) / 1e6;
    if (requestTimeoutMs != null && elapsedMs > requestTimeoutMs) {
      // Started in time, so it ran to the end; the client is told by how much its timeout was passed.
      body.put("deadlineMs", requestTimeoutMs.longValue()).put("overrunMs", round(elapsedMs - requestTimeoutMs));
    }
    return body.putValue("result", done.value()).end();
  }

  private static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}
