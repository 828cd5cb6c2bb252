package dev.offload.dispatch;

import dev.offload.config.OffloadConfig;
import dev.offload.config.RouteSettings;
import dev.offload.workload.ParamSpec;
import dev.offload.workload.Workload;
import dev.offload.workload.Workloads;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One immutable view of how every workload is served: its parameter specs, its route and its strategy. */
public final class RouteTable {

  /** Everything a request to one workload needs. */
  public record Route(Workload workload, List<ParamSpec> params, RouteSettings settings, DispatchStrategy strategy) {
  }

  private final Map<String, Route> routes;

  private RouteTable(Map<String, Route> routes) {
    this.routes = Collections.unmodifiableMap(routes);
  }

  public static RouteTable build(OffloadConfig config, Workloads workloads, Dispatchers dispatchers) {
    Map<String, Route> routes = new LinkedHashMap<>();
    for (Workload w : workloads.all()) {
      RouteSettings settings = config.route(w.name());
      routes.put(w.name(), new Route(w, config.limits().get(w.name()), settings, dispatchers.forRoute(settings)));
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
