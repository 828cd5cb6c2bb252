package dev.offload.service;

import dev.offload.config.OffloadConfig;
import dev.offload.config.PoolSettings;
import dev.offload.config.RouteSettings;
import dev.offload.config.Strategy;
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
  // Exported pool -> workload -> the route work sent by other nodes takes: that pool's threads and admission.
  private final Map<String, Map<String, Route>> exported;

  private RouteTable(Map<String, Route> routes, Map<String, Map<String, Route>> exported) {
    this.routes = Collections.unmodifiableMap(routes);
    this.exported = Collections.unmodifiableMap(exported);
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
    Map<String, Map<String, Route>> exported = new LinkedHashMap<>();
    for (PoolSettings pool : config.pools().values()) {
      if (pool.exported()) {
        RouteSettings settings = new RouteSettings(Strategy.WORKER_POOL, false, pool.name());
        Map<String, Route> byWorkload = new LinkedHashMap<>();
        for (Workload w : workloads.all()) {
          byWorkload.put(w.name(), new Route(w, config.limits().get(w.name()), settings,
              strategies.forRoute(settings), pools.get(pool.name())));
        }
        exported.put(pool.name(), Collections.unmodifiableMap(byWorkload));
      }
    }
    return new RouteTable(routes, exported);
  }

  /**
   * The route for work another node sends to this node's pool {@code pool}: empty unless that pool is exported and
   * knows the workload. It runs on the pool's threads, under its admission, with this node's parameter limits.
   */
  public Optional<Route> exported(String pool, String workload) {
    return Optional.ofNullable(exported.getOrDefault(pool, Map.of()).get(workload));
  }

  /** The pools that take work from other nodes. */
  public java.util.Set<String> exportedPools() {
    return exported.keySet();
  }

  public Optional<Route> find(String workload) {
    return Optional.ofNullable(routes.get(workload));
  }

  public Map<String, Route> all() {
    return routes;
  }
}
