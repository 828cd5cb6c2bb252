package dev.offload.service;

import dev.offload.config.OffloadConfig;
import dev.offload.config.RouteSettings;
import dev.offload.dispatch.Admission;
import dev.offload.dispatch.DispatchStrategy;
import dev.offload.dispatch.Strategies;
import dev.offload.workload.ParamSpec;
import dev.offload.workload.Workload;
import dev.offload.workload.Workloads;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One immutable view of how every workload is served: its parameter specs, its strategy and its pool's admission. */
public final class RouteTable {

  /** Everything a request to one workload needs, bound together so that a request holds one consistent set. */
  public record Route(Workload workload, List<ParamSpec> params, RouteSettings settings, DispatchStrategy strategy,
      Admission admission) {

    public String name() {
      return workload.name();
    }

    /** The pool label the work response and {@code /stats} report. */
    public String pool() {
      return Strategies.poolOf(settings);
    }
  }

  private final Map<String, Route> routes;

  private RouteTable(Map<String, Route> routes) {
    this.routes = Collections.unmodifiableMap(routes);
  }

  /**
   * Binds every workload to its strategy and to the admission of its pool among {@code pools} (by label), which must
   * hold every pool the validated config's routes name.
   */
  static RouteTable build(OffloadConfig config, Workloads workloads, Strategies strategies,
      Map<String, Admission> pools) {
    Map<String, Route> routes = new LinkedHashMap<>();
    for (Workload w : workloads.all()) {
      RouteSettings settings = config.route(w.name());
      Admission admission = pools.get(Strategies.poolOf(settings));
      if (admission == null) {
        throw new IllegalStateException("no pool " + Strategies.poolOf(settings) + " for route " + w.name());
      }
      routes.put(w.name(), new Route(w, config.limits().get(w.name()), settings, strategies.forRoute(settings),
          admission));
    }
    return new RouteTable(routes);
  }

  public Optional<Route> find(String workload) {
    return Optional.ofNullable(routes.get(workload));
  }

  public Map<String, Route> all() {
    return routes;
  }
}
