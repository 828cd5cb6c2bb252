package dev.offload.http;

import dev.offload.config.Strategy;
import dev.offload.dispatch.DispatchStrategy;
import dev.offload.dispatch.Execution;
import dev.offload.dispatch.RouteTable;
import dev.offload.workload.BadParameterException;
import dev.offload.workload.ParamParser;
import dev.offload.workload.Params;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /work/<workload>}: parse and validate, hand the work to the route's strategy, answer with who did it.
 * Every path through it ends in exactly one response.
 */
final class WorkHandler implements Handler<RoutingContext> {
  private static final long PID = ProcessHandle.current().pid();

  private final int instance;
  private final ServiceComponents components;

  WorkHandler(int instance, ServiceComponents components) {
    this.instance = instance;
    this.components = components;
  }

  @Override
  public void handle(RoutingContext ctx) {
    // One read of the current table per request: a table swapped in later applies to new requests only.
    Optional<RouteTable.Route> found = components.routes().get().find(ctx.pathParam("workload"));
    if (found.isEmpty()) {
      ApiErrors.notFound(ctx);
      return;
    }
    RouteTable.Route route = found.get();
    String name = route.workload().name();
    DispatchStrategy strategy = route.strategy();
    Params params;
    try {
      params = ParamParser.parse(route.params(), param -> singleQueryParam(ctx, param));
    } catch (BadParameterException e) {
      components.meters().request(instance, name, strategy.kind().configName(), "bad_request");
      ApiErrors.badRequest(ctx, e.param(), e.getMessage());
      return;
    }
    String eventLoop = Thread.currentThread().getName();
    Execution<Object> execution = new Execution<>(() -> route.workload().run(params),
        components.dispatchers().statsOf(strategy));
    strategy.submit(execution).onComplete(result -> answer(ctx, route, execution, eventLoop, result));
  }

  private void answer(RoutingContext ctx, RouteTable.Route route, Execution<Object> execution, String eventLoop,
      AsyncResult<Object> result) {
    String name = route.workload().name();
    String strategyName = route.strategy().kind().configName();
    if (result.failed()) {
      execution.dispatchFailed();
      components.meters().request(instance, name, strategyName, "error");
      ApiErrors.internal(ctx, result.cause());
      return;
    }
    components.meters().request(instance, name, strategyName, "ok");
    components.meters().timings(name, strategyName, execution.queuedMs(), execution.serviceMs());
    JsonObject body = new JsonObject()
        .put("workload", name)
        .put("strategy", strategyName);
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
        .put("serviceMs", round(execution.serviceMs()))
        .put("result", result.result());
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }

  /** The one value of a query parameter, null when absent; a repeated parameter is ambiguous and refused. */
  private static String singleQueryParam(RoutingContext ctx, String param) {
    List<String> values;
    try {
      values = ctx.queryParam(param);
    } catch (RuntimeException e) {
      // vertx-web throws while decoding a malformed query string (e.g. a bad %-escape).
      throw new BadParameterException("query", "malformed query string: " + e.getMessage());
    }
    if (values.size() > 1) {
      throw new BadParameterException(param, param + " is given " + values.size() + " times; give it once");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}
