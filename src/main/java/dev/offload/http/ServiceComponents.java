package dev.offload.http;

import dev.offload.admin.AdminApi;
import dev.offload.config.CurrentConfig;
import dev.offload.config.OffloadConfig;
import dev.offload.dispatch.CurrentRoutes;
import dev.offload.dispatch.Dispatchers;
import dev.offload.metrics.InstanceStats;
import dev.offload.metrics.OffloadMeters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What every HTTP verticle instance shares: config, routes, dispatchers, counters and the meter registry; and the
 * admin API when it shares the service's port (null otherwise).
 */
public record ServiceComponents(
    CurrentConfig currentConfig,
    CurrentRoutes routes,
    Dispatchers dispatchers,
    InstanceStats instances,
    OffloadMeters meters,
    PrometheusMeterRegistry registry,
    Lifecycle lifecycle,
    InFlight inFlight,
    long startedAtMillis,
    AdminApi adminOnServicePort) {

  /** The config in force now; read it per use, since an admin change or a watched file may replace it. */
  public OffloadConfig config() {
    return currentConfig.get().config();
  }
}
