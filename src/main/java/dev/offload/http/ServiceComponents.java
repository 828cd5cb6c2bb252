package dev.offload.http;

import dev.offload.config.OffloadConfig;
import dev.offload.dispatch.CurrentRoutes;
import dev.offload.dispatch.Dispatchers;
import dev.offload.metrics.InstanceStats;
import dev.offload.metrics.OffloadMeters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** What every HTTP verticle instance shares: config, routes, dispatchers, counters and the meter registry. */
public record ServiceComponents(
    OffloadConfig config,
    CurrentRoutes routes,
    Dispatchers dispatchers,
    InstanceStats instances,
    OffloadMeters meters,
    PrometheusMeterRegistry registry,
    Lifecycle lifecycle,
    InFlight inFlight,
    long startedAtMillis) {
}
