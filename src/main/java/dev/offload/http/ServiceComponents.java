package dev.offload.http;

import dev.offload.cluster.ClusterNode;
import dev.offload.config.OffloadConfig;
import dev.offload.dashboard.StatsFeed;
import dev.offload.metrics.ConnectionStats;
import dev.offload.metrics.InstanceStats;
import dev.offload.metrics.OffloadMeters;
import dev.offload.service.CurrentState;
import dev.offload.service.Lifecycle;
import dev.offload.service.Offloader;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What every HTTP verticle instance shares: the service state, the offloader, per-instance and connection counters,
 * the meter registry; routes another package mounts on the service's port (the admin API when it shares it, null
 * otherwise); whether {@code /work} is served (not on a worker node); the node's part in a cluster (null when it is
 * in none); and the dashboard's feed.
 */
public record ServiceComponents(
    CurrentState state,
    Offloader offloader,
    InstanceStats instances,
    ConnectionStats connections,
    OffloadMeters meters,
    PrometheusMeterRegistry registry,
    Lifecycle lifecycle,
    ListeningPort listeningPort,
    long startedAtMillis,
    RouterMount extraRoutes,
    boolean servesWork,
    ClusterNode cluster,
    StatsFeed feed) {

  /** The config in force now; read it per use, since an admin change or a watched file may replace it. */
  public OffloadConfig config() {
    return state.get().config();
  }
}
