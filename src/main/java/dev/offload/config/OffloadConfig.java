package dev.offload.config;

import dev.offload.workload.ParamSpec;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The whole validated service config. Immutable; build it with {@link ConfigParser}.
 *
 * @param limits each workload's parameter specs with the ranges in force (defaults, narrowed by {@code limits})
 * @param admission the admission control of every pool, built-in and named, by pool label
 * @param workloadSettings each workload's checked {@code workloads.<name>} section (empty when absent), by name
 * @param cluster the cluster this node joins, or null when the config has no {@code cluster} section
 * @param admin the admin API's listener, or null when the config has no {@code admin} section (no admin API)
 * @param dashboard the live dashboard page and its stream
 * @param source the JSON it was read from, for {@code /stats} and later comparison
 */
public record OffloadConfig(
    HttpSettings http,
    VertxSettings vertx,
    Map<String, PoolSettings> pools,
    Map<String, RouteSettings> routes,
    Map<String, List<ParamSpec>> limits,
    MetricsSettings metrics,
    Map<String, AdmissionSettings> admission,
    ReadinessSettings readiness,
    ShutdownSettings shutdown,
    Map<String, Map<String, Object>> workloadSettings,
    AdminSettings admin,
    ClusterSettings cluster,
    DashboardSettings dashboard,
    JsonObject source) {

  /** The route of a workload; a workload with no entry gets {@link RouteSettings#DEFAULT}. */
  public RouteSettings route(String workload) {
    return routes.getOrDefault(workload, RouteSettings.DEFAULT);
  }

  /** True when a pool takes work from other nodes of the cluster. */
  public boolean exportsPools() {
    return pools.values().stream().anyMatch(PoolSettings::exported);
  }
}
