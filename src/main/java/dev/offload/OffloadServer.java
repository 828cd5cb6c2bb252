package dev.offload;

import dev.offload.config.OffloadConfig;
import dev.offload.dispatch.CurrentRoutes;
import dev.offload.dispatch.Dispatchers;
import dev.offload.dispatch.RouteTable;
import dev.offload.http.HttpVerticle;
import dev.offload.http.ServiceComponents;
import dev.offload.metrics.InstanceStats;
import dev.offload.metrics.OffloadMeters;
import dev.offload.workload.Workloads;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A running offload service: its own Vert.x with metrics, the dispatch pools, and N HTTP verticle instances. */
public final class OffloadServer {
  private final Vertx vertx;
  private final OffloadConfig config;
  private final ServiceComponents components;

  private OffloadServer(Vertx vertx, OffloadConfig config, ServiceComponents components) {
    this.vertx = vertx;
    this.config = config;
    this.components = components;
  }

  /** Starts the service; the future fails (and nothing is left running) if any part fails to start. */
  public static Future<OffloadServer> start(OffloadConfig config, Workloads workloads) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    VertxOptions options = new VertxOptions()
        .setEventLoopPoolSize(config.vertx().eventLoopPoolSize())
        .setWorkerPoolSize(config.vertx().workerPoolSize())
        .setMaxEventLoopExecuteTime(config.vertx().maxEventLoopExecuteMs())
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            // Vert.x keys metric backends by registry name JVM-wide: a unique name keeps two servers apart.
            .setRegistryName("offload-" + UUID.randomUUID())
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    Vertx vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
    InstanceStats instances = new InstanceStats(config.http().instances());
    long startedAt = System.currentTimeMillis();
    return Dispatchers.create(vertx, config)
        .compose(dispatchers -> {
          ServiceComponents components = new ServiceComponents(config,
              new CurrentRoutes(RouteTable.build(config, workloads, dispatchers)), dispatchers, instances,
              new OffloadMeters(registry, dispatchers.allStats().values()), registry, startedAt);
          AtomicInteger nextIndex = new AtomicInteger();
          // Vert.x calls the supplier once per instance, in order: that order gives each instance its index.
          return vertx.deployVerticle(() -> new HttpVerticle(nextIndex.getAndIncrement(), components),
                  new DeploymentOptions().setInstances(config.http().instances()))
              .map(id -> new OffloadServer(vertx, config, components));
        })
        .recover(failure -> vertx.close().transform(closed -> Future.failedFuture(failure)));
  }

  public int port() {
    return config.http().port();
  }

  public OffloadConfig config() {
    return config;
  }

  public ServiceComponents components() {
    return components;
  }

  public Future<Void> close() {
    return vertx.close();
  }
}
