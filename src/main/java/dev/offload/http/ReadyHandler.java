package dev.offload.http;

import dev.offload.config.RouteSettings;
import dev.offload.config.Strategy;
import dev.offload.dispatch.Admission;
import dev.offload.service.RouteTable;
import dev.offload.service.ServiceState;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /ready}: 200 while this instance should get traffic; 503 with the reason while it drains, while any
 * pool's queue is fuller than {@code readiness.queueRatio} of its {@code maxQueue}, or while no cluster node this
 * front reaches takes work for the pool of one of its {@code cluster} routes, so a load balancer sends new requests
 * elsewhere before they would be refused.
 */
final class ReadyHandler implements Handler<RoutingContext> {
  private final ServiceComponents components;

  ReadyHandler(ServiceComponents components) {
    this.components = components;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String reason = notReadyReason();
    if (reason == null) {
      ApiErrors.send(ctx, 200, new JsonObject().put("ready", true));
    } else {
      ApiErrors.send(ctx, 503, new JsonObject().put("ready", false).put("reason", reason));
    }
  }

  /** Why the instance should not get traffic now, or null when it should. */
  String notReadyReason() {
    if (components.lifecycle().draining()) {
      return "draining";
    }
    ServiceState state = components.state().get();
    double ratio = state.config().readiness().queueRatio();
    for (Admission admission : state.listedPools().values()) {
      Admission.Snapshot s = admission.snapshot();
      if (s.maxQueue() > 0 && s.queued() > ratio * s.maxQueue()) {
        return "pool " + s.pool() + " queue " + s.queued() + "/" + s.maxQueue() + " is above " + ratio + " of maxQueue";
      }
    }
    return components.cluster() == null ? null : missingClusterPool(state);
  }

  /** The first {@code cluster} route whose pool no reachable node takes work for now, as a reason; else null. */
  private String missingClusterPool(ServiceState state) {
    for (RouteTable.Route route : state.routes().all().values()) {
      RouteSettings settings = route.settings();
      if (settings.strategy() == Strategy.CLUSTER && !components.cluster().takesWorkFor(settings.pool())) {
        return "no live cluster node exports pool " + settings.pool() + " (route " + route.name() + ")";
      }
    }
    return null;
  }
}
