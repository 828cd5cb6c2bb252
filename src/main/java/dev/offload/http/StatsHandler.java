package dev.offload.http;

import dev.offload.dispatch.Admission;
import dev.offload.dispatch.RouteTable;
import dev.offload.metrics.InstanceStats;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /stats}: load per instance, each pool's counters, event-loop lag and the route table, as JSON. */
final class StatsHandler implements Handler<RoutingContext> {
  private final ServiceComponents components;

  StatsHandler(ServiceComponents components) {
    this.components = components;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json").end(snapshot().encode());
  }

  JsonObject snapshot() {
    return new JsonObject()
        .put("pid", ProcessHandle.current().pid())
        .put("java", Runtime.version().toString())
        .put("uptimeMs", System.currentTimeMillis() - components.startedAtMillis())
        .put("draining", components.lifecycle().draining())
        .put("inFlight", components.inFlight().size())
        .put("instances", instances())
        .put("pools", pools())
        .put("routes", routes());
  }

  private JsonArray instances() {
    InstanceStats stats = components.instances();
    JsonArray out = new JsonArray();
    for (int i = 0; i < stats.count(); i++) {
      out.add(new JsonObject()
          .put("instance", i)
          .put("eventLoop", stats.eventLoop(i))
          .put("connections", stats.connections(i))
          .put("requests", stats.requests(i))
          .put("eventLoopLagMs", new JsonObject()
              .put("last", stats.lastLagMicros(i) / 1000.0)
              .put("max", stats.maxLagMicros(i) / 1000.0)));
    }
    return out;
  }

  private JsonObject pools() {
    JsonObject out = new JsonObject();
    for (Admission admission : components.dispatchers().admissions().values()) {
      Admission.Snapshot s = admission.snapshot();
      JsonObject pool = new JsonObject()
          .put("kind", s.kind())
          .put("threads", s.threads())
          .put("limit", s.limit())
          .put("adaptive", admission.settings().aimd() != null)
          .put("maxQueue", s.maxQueue())
          .put("maxQueueWaitMs", s.maxQueueWaitMs())
          .put("running", s.running())
          .put("queued", s.queued())
          .put("admitted", s.admitted())
          .put("rejected", s.rejected())
          .put("expired", s.expired())
          .put("cancelled", s.cancelled())
          .put("drained", s.drained())
          .put("completed", s.completed())
          .put("failed", s.failed());
      out.put(s.pool(), pool);
    }
    return out;
  }

  private JsonObject routes() {
    JsonObject out = new JsonObject();
    for (RouteTable.Route route : components.routes().get().all().values()) {
      JsonObject r = new JsonObject().put("strategy", route.settings().strategy().configName());
      switch (route.settings().strategy()) {
        case EXECUTE_BLOCKING:
          r.put("ordered", route.settings().ordered());
          break;
        case WORKER_POOL:
        case WORKER_VERTICLE:
          r.put("pool", route.settings().pool());
          break;
        default:
          break;
      }
      r.put("configured", components.config().routes().containsKey(route.workload().name()));
      out.put(route.workload().name(), r);
    }
    return out;
  }
}
