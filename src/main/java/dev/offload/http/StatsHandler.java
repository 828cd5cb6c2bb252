package dev.offload.http;

import dev.offload.dispatch.Admission;
import dev.offload.metrics.InstanceStats;
import dev.offload.service.RouteTable;
import dev.offload.service.ServiceState;
import dev.offload.workload.ParamSpec;
import dev.offload.workload.Workload;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /stats}: load per instance, each pool's counters, event-loop lag and the route table, as JSON. It reads
 * one service state and changes nothing.
 */
public final class StatsHandler implements Handler<RoutingContext> {
  private final ServiceComponents components;

  public StatsHandler(ServiceComponents components) {
    this.components = components;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json").end(snapshot().encode());
  }

  /** What {@code /stats} answers now (and what each event of {@code /stats/stream} carries). */
  public JsonObject snapshot() {
    ServiceState state = components.state().get();
    JsonObject out = new JsonObject()
        .put("pid", ProcessHandle.current().pid())
        .put("role", components.servesWork() ? "serve" : "worker")
        .put("java", Runtime.version().toString())
        .put("uptimeMs", System.currentTimeMillis() - components.startedAtMillis())
        .put("config", state.applied().summary())
        .put("draining", components.lifecycle().draining())
        .put("inFlight", components.offloader().inFlight())
        .put("http", components.connections().toJson())
        .put("instances", instances())
        .put("pools", pools(state))
        .put("routes", routes(state))
        .put("workloads", workloads(state))
        .put("dashboard", new JsonObject().put("enabled", state.config().dashboard().enabled())
            .put("streams", components.feed().openStreams())
            .put("droppedEvents", components.feed().droppedEvents()));
    if (components.cluster() != null) {
      out.put("cluster", components.cluster().toJson());
    }
    return out;
  }

  /** What each workload reports of its own resources, e.g. the db workload's JDBC pool beside the dispatch pool. */
  private static JsonObject workloads(ServiceState state) {
    JsonObject out = new JsonObject();
    for (RouteTable.Route route : state.routes().all().values()) {
      Map<String, Object> stats;
      try {
        stats = route.workload().stats();
      } catch (RuntimeException e) {
        // A plug-in's broken stats must not take /stats down with it.
        stats = Map.of("statsError", String.valueOf(e.getMessage()));
      }
      if (!stats.isEmpty()) {
        out.put(route.workload().name(), new JsonObject(new java.util.LinkedHashMap<>(stats)));
      }
    }
    return out;
  }

  private static JsonArray params(List<ParamSpec> specs) {
    JsonArray out = new JsonArray();
    for (ParamSpec spec : specs) {
      JsonObject p = new JsonObject().put("name", spec.name()).put("type", spec.kind().label())
          .put("required", spec.required());
      if (spec.kind() == ParamSpec.Kind.CHOICE) {
        p.put("choices", new JsonArray(spec.choices()));
      } else {
        p.put(spec.kind() == ParamSpec.Kind.TEXT ? "minLength" : "min", spec.min())
            .put(spec.kind() == ParamSpec.Kind.TEXT ? "maxLength" : "max", spec.max());
      }
      if (!spec.required()) {
        p.put("default", spec.defaultValue());
      }
      out.add(p);
    }
    return out;
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

  private static JsonObject pools(ServiceState state) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Admission> e : state.listedPools().entrySet()) {
      String label = e.getKey();
      Admission admission = e.getValue();
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
      out.put(label, pool);
    }
    return out;
  }

  private static JsonObject routes(ServiceState state) {
    JsonObject out = new JsonObject();
    for (RouteTable.Route route : state.routes().all().values()) {
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
      r.put("timings", route.settings().timings());
      r.put("configured", state.config().routes().containsKey(route.workload().name()));
      r.put("input", route.workload().input() == Workload.Input.BODY_ONLY ? "POST json" : "GET query or POST json");
      r.put("params", params(route.params()));
      out.put(route.workload().name(), r);
    }
    return out;
  }
}
