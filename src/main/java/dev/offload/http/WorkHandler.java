package dev.offload.http;

import dev.offload.dispatch.WorkRun;
import dev.offload.metrics.OffloadMeters;
import dev.offload.service.Outcome;
import dev.offload.service.RouteTable;
import dev.offload.service.Submission;
import dev.offload.workload.BadParameterException;
import dev.offload.workload.Params;
import dev.offload.workload.Workload;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /work/<workload>?params} or {@code POST /work/<workload>} with a JSON object: validate the request,
 * submit it to the {@link dev.offload.service.Offloader}, which takes it through admission and the route's strategy
 * to exactly one outcome, and answer with that outcome.
 */
final class WorkHandler implements Handler<RoutingContext> {
  static final String TIMEOUT_HEADER = "X-Request-Timeout-Ms";
  // Made once: looking a header up by a String hashes the name again on every request.
  private static final CharSequence TIMEOUT_HEADER_NAME = HttpHeaders.createOptimized(TIMEOUT_HEADER);
  private static final long MAX_TIMEOUT_MS = 3_600_000;

  /** Routes whose meters are kept before the cache starts over: each config change makes new route objects. */
  private static final int MAX_CACHED_ROUTES = 64;

  private final int instance;
  private final ServiceComponents components;
  // Used only on this instance's event loop; by identity, since a route object is one config's view of a route.
  private final Map<RouteTable.Route, OffloadMeters.RouteMeters> meters = new IdentityHashMap<>();

  WorkHandler(int instance, ServiceComponents components) {
    this.instance = instance;
    this.components = components;
  }

  /** A POST, through vertx-web's router, after its BodyHandler has read the body. */
  @Override
  public void handle(RoutingContext ctx) {
    serve(ctx.request(), ctx.pathParam("workload"), ctx.body().buffer(), ctx);
  }

  /** A GET, from the {@link FastLane}: no routing context, no body. */
  void handleGet(HttpServerRequest request, String workload) {
    serve(request, workload, null, null);
  }

  /** @param ctx the routing context when the router brought the request, else null */
  private void serve(HttpServerRequest request, String workload, Buffer body, RoutingContext ctx) {
    // One read of the service state per request: a state swapped in later applies to new requests only.
    RouteTable.Route route = components.state().get().routes().find(workload).orElse(null);
    if (route == null) {
      ApiErrors.notFound(request);
      return;
    }
    if (route.workload().input() == Workload.Input.BODY_ONLY && request.method() != HttpMethod.POST) {
      request.response().putHeader("Allow", "POST");
      ApiErrors.send(request, 405, new JsonObject().put("error", "method_not_allowed")
          .put("message", route.workload().name() + " takes its parameters as a JSON object in a POST body"));
      return;
    }
    Params params;
    Long timeoutMs;
    try {
      params = WorkInput.parse(request, body, route.params());
      timeoutMs = requestTimeout(request);
    } catch (BadParameterException | JsonBody.UnsupportedMediaType e) {
      metersOf(route).request("bad_request");
      ApiErrors.refused(request, e);
      return;
    }
    long arrivedNanos = System.nanoTime();
    Submission submission = components.offloader().submit(route, params,
        timeoutMs != null ? timeoutMs : Long.MAX_VALUE);
    if (ctx != null) {
      // vertx-web's end handlers hear a closed connection; setting response().closeHandler would replace theirs.
      ctx.addEndHandler(end -> {
        if (end.failed()) {
          submission.cancel();
        }
      });
    } else {
      // Called when the connection (an HTTP/2 stream: the stream) closes; after an answer, cancel does nothing.
      request.response().closeHandler(closed -> submission.cancel());
    }
    submission.outcome().onSuccess(outcome -> answer(request, submission, outcome, timeoutMs, arrivedNanos));
  }

  private void answer(HttpServerRequest request, Submission submission, Outcome outcome, Long timeoutMs,
      long arrivedNanos) {
    RouteTable.Route route = submission.route();
    OffloadMeters.RouteMeters routeMeters = metersOf(route);
    if (outcome instanceof Outcome.Done && route.settings().timings()) {
      WorkRun run = ((Outcome.Done) outcome).run();
      routeMeters.timings(run.queuedMs(), run.serviceMs());
    }
    routeMeters.request(OutcomeResponse.send(request, route, instance, outcome, timeoutMs, arrivedNanos));
  }

  private OffloadMeters.RouteMeters metersOf(RouteTable.Route route) {
    OffloadMeters.RouteMeters found = meters.get(route);
    if (found == null) {
      if (meters.size() >= MAX_CACHED_ROUTES) {
        meters.clear();
      }
      found = components.meters().forRoute(instance, route.name(), route.strategy().kind().configName());
      meters.put(route, found);
    }
    return found;
  }

  /** The client's {@code X-Request-Timeout-Ms} in 1..3600000, or null when absent. */
  private static Long requestTimeout(HttpServerRequest request) {
    if (request.getHeader(TIMEOUT_HEADER_NAME) == null) {
      return null;
    }
    List<String> values = request.headers().getAll(TIMEOUT_HEADER_NAME);
    String raw = values.get(0).trim();
    if (values.size() > 1 || raw.isEmpty() || raw.length() > 7 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')
        || Long.parseLong(raw) < 1 || Long.parseLong(raw) > MAX_TIMEOUT_MS) {
      throw new BadParameterException(TIMEOUT_HEADER, TIMEOUT_HEADER + " must be one whole number of ms in 1.."
          + MAX_TIMEOUT_MS + ", got \"" + String.join(",", values) + "\"");
    }
    return Long.parseLong(raw);
  }
}
