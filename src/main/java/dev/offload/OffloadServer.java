package dev.offload;

import dev.offload.admin.AdminApi;
import dev.offload.admin.AdminToken;
import dev.offload.admin.ConfigApplier;
import dev.offload.admin.ConfigWatcher;
import dev.offload.cluster.BusOptions;
import dev.offload.cluster.ClusterNode;
import dev.offload.config.AppliedConfig;
import dev.offload.config.OffloadConfig;
import dev.offload.config.ShutdownSettings;
import dev.offload.dashboard.StatsFeed;
import dev.offload.dispatch.Admission;
import dev.offload.dispatch.AdmissionClock;
import dev.offload.http.AdminListener;
import dev.offload.http.HttpVerticle;
import dev.offload.service.Lifecycle;
import dev.offload.http.ListeningPort;
import dev.offload.http.ServiceComponents;
import dev.offload.http.StatsHandler;
import dev.offload.metrics.ConnectionStats;
import dev.offload.metrics.GaugeReRegistrationFilter;
import dev.offload.metrics.InstanceStats;
import dev.offload.metrics.OffloadMeters;
import dev.offload.metrics.SafeVertxMetrics;
import dev.offload.service.Offloader;
import dev.offload.service.ServiceStates;
import dev.offload.workload.Workloads;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;


/**
 * A running offload service: its own Vert.x with metrics (clustered when the config has a {@code cluster} section),
 * the dispatch pools, and N HTTP verticle instances.
 */
public final class OffloadServer {
  private static final Logger LOG = Logger.getLogger(OffloadServer.class.getName());
  private static final long FORCED_CLOSE_MARGIN_MS = 5_000;
  private static final long WORK_POLL_MS = 50;

  private final Vertx vertx;
  private final OffloadConfig config;
  private final ServiceComponents components;
  private final List<HttpVerticle> httpVerticles;
  private final WorkloadLifecycle workloads;
  private final ConfigApplier applier;
  // What POST /admin/drain runs: this server's drain() unless the CLI replaces it. Made before the server exists,
  // since the admin API is built first.
  private final AtomicReference<Runnable> adminDrain;
  private final Optional<AdminToken> adminToken;
  private final ServiceStates states;
  private Future<Void> draining;

  private OffloadServer(Vertx vertx, OffloadConfig config, ServiceStates states, ServiceComponents components,
      List<HttpVerticle> httpVerticles, WorkloadLifecycle workloads, ConfigApplier applier,
      Optional<AdminToken> adminToken, AtomicReference<Runnable> adminDrain) {
    this.adminToken = adminToken;
    this.states = states;
    this.vertx = vertx;
    this.config = config;
    this.components = components;
    this.httpVerticles = httpVerticles;
    this.workloads = workloads;
    this.applier = applier;
    this.adminDrain = adminDrain;
    adminDrain.set(this::drain);
  }

  /** What a node is for: serving work over HTTP, or only taking other nodes' work for its exported pools. */
  public enum Role {
    SERVE,
    /** {@code offload worker}: HTTP answers /health, /ready, /metrics, /stats, /dashboard and /stats/stream only. */
    WORKER
  }

  /** Starts the service; the future fails (and nothing is left running) if any part fails to start. */
  public static Future<OffloadServer> start(OffloadConfig config, Workloads workloads) {
    return start(config, workloads, System::getenv);
  }

  /**
   * As {@link #start(OffloadConfig, Workloads)}, reading the environment (the admin token) through {@code env}.
   */
  public static Future<OffloadServer> start(OffloadConfig config, Workloads workloads,
      Function<String, String> env) {
    return start(config, workloads, env, Role.SERVE);
  }

  /**
   * As {@link #start(OffloadConfig, Workloads, Function)}, as a {@code role}; a config with a {@code cluster}
   * section joins that cluster first.
   */
  public static Future<OffloadServer> start(OffloadConfig config, Workloads workloads, Function<String, String> env,
      Role role) {
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
    // vertx-micrometer-metrics registers its gauges again on purpose; Micrometer's warning about that is noise.
    GaugeReRegistrationFilter.install();
    if (config.cluster() != null) {
      BusOptions.apply(options.getEventBusOptions(), config.cluster());
    }
    // The options configure vertx-micrometer-metrics and the factory hands it our registry: one set-up, not two.
    // SafeVertxMetrics: Vert.x can accept the first connections before the HTTP server's metrics exist, and
    // vertx-micrometer-metrics would then throw on their requests, leaving them unanswered (docs/upstream/README.md).
    VertxBuilder builder = Vertx.builder().with(options).withMetrics(SafeVertxMetrics.factory(registry));
    if (config.cluster() == null) {
      return startOn(builder.build(), null, config, workloads, env, role, registry);
    }
    return ClusterNode.join(builder, config.cluster(), registry)
        .compose(node -> startOn(node.vertx(), node, config, workloads, env, role, registry));
  }

  private static Future<OffloadServer> startOn(Vertx vertx, ClusterNode cluster, OffloadConfig config,
      Workloads workloads, Function<String, String> env, Role role, PrometheusMeterRegistry registry) {
    InstanceStats instances = new InstanceStats(config.http().instances());
    long startedAt = System.currentTimeMillis();
    WorkloadLifecycle lifecycle = new WorkloadLifecycle(vertx, workloads, config);
    OffloadMeters meters = new OffloadMeters(registry);
    ConnectionStats connections = new ConnectionStats();
    connections.register(registry);
    return lifecycle.open()
        .compose(opened -> {
          try {
            return ServiceStates.start(vertx, config, "start", workloads, meters, AdmissionClock.SYSTEM,
                cluster == null ? null : cluster.dispatch());
          } catch (RuntimeException e) {
            // Creating pools can throw before any future exists; the caller still gets one failure.
            return Future.<ServiceStates>failedFuture(e);
          }
        })
        .compose(states -> {
          meters.registerConfig(states.current(), c -> c.get().applied().version(),
              c -> c.get().applied().changedAtMillis() / 1000.0);
          Lifecycle serviceLifecycle = new Lifecycle();
          ConfigApplier applier = new ConfigApplier(workloads, states, serviceLifecycle);
          AtomicReference<Runnable> adminDrain = new AtomicReference<>();
          Optional<AdminToken> token = config.admin() == null ? Optional.empty()
              : AdminToken.resolve(config.admin(), env);
          AdminApi admin = config.admin() == null ? null : new AdminApi(token, states.current(), applier,
              () -> adminDrain.get().run());
          boolean adminOnServicePort = admin != null && config.admin().port() == config.http().port();
          Offloader offloader = new Offloader(states.current());
          StatsFeed feed = new StatsFeed(vertx, meters, () -> states.current().get().config().dashboard(),
              config.http().instances());
          ServiceComponents components = new ServiceComponents(states.current(), offloader,
              instances, connections, meters, registry, serviceLifecycle, new ListeningPort(), startedAt,
              adminOnServicePort ? admin : null, role == Role.SERVE, cluster, feed);
          List<HttpVerticle> verticles = new CopyOnWriteArrayList<>();
          // Vert.x calls the supplier once per instance, in order: that order gives each instance its index.
          return vertx.deployVerticle(() -> {
                HttpVerticle verticle = new HttpVerticle(verticles.size(), components);
                verticles.add(verticle);
                return verticle;
              }, new DeploymentOptions().setInstances(config.http().instances()))
              // Other nodes' work is taken once this node's own HTTP side is up, exactly as its own requests.
              .compose(id -> cluster == null ? Future.succeededFuture()
                  : cluster.serve(states.current(), offloader, serviceLifecycle, config.http().instances(),
                      config.http().port()))
              .compose(id -> admin == null || adminOnServicePort ? Future.succeededFuture()
                  : listenAdmin(vertx, config, admin, components))
              .map(id -> {
                feed.start(new StatsHandler(components)::snapshot);
                return new OffloadServer(vertx, config, states, components, List.copyOf(verticles), lifecycle,
                    applier, token, adminDrain);
              });
        })
        .recover(failure -> closeOffContext(lifecycle, vertx).transform(closed -> Future.failedFuture(failure)));
  }

  /** The admin API's own listener: see {@link AdminListener}. */
  private static Future<HttpServer> listenAdmin(Vertx vertx, OffloadConfig config, AdminApi admin,
      ServiceComponents components) {
    Router router = Router.router(vertx);
    admin.mount(router);
    return AdminListener.listen(vertx, config.admin(), config.http(), router, components);
  }

  /**
   * Watches the config file it was started with ({@code serve --watch}): each valid change is applied, an invalid
   * one is logged and refused.
   */
  public Future<Void> watch(Path file, long scanPeriodMs) {
    return ConfigWatcher.start(vertx, file, scanPeriodMs, applier).mapEmpty();
  }

  /** Where the admin token came from, or empty when the admin API is off. */
  public Optional<String> adminTokenSource() {
    return adminToken.map(AdminToken::source);
  }

  /** What {@code POST /admin/drain} does; by default {@link #drain}, the CLI makes it drain and exit. */
  public void onAdminDrain(Runnable action) {
    adminDrain.set(action);
  }

  /** Applies a whole config at runtime, as the admin API's PUT does. */
  public Future<AppliedConfig> apply(JsonObject config, String changedBy) {
    return applier.apply(config, changedBy);
  }

  public int port() {
    return config.http().port();
  }

  /** The config applied now (the start config until an admin call or a watched file changes it). */
  public OffloadConfig config() {
    return components.config();
  }

  public ServiceComponents components() {
    return components;
  }

  /**
   * Stops at once: open requests are cut off, then the workloads release what they hold (connections). Tests use
   * it; a real stop is {@link #drain} first.
   */
  public Future<Void> close() {
    components.feed().stop();
    // A pool generation closing at this moment must finish first: see PoolGeneration.released().
    return states.threadsReleased().transform(released -> closeOffContext(workloads, vertx));
  }

  /**
   * Closes the workloads, then Vert.x, from a plain thread of its own: closing may block, and a close chained on a
   * Vert.x context would complete on an event loop that is gone by then.
   */
  private static Future<Void> closeOffContext(WorkloadLifecycle workloads, Vertx vertx) {
    Promise<Void> closed = Promise.promise();
    Thread closer = new Thread(() -> {
      workloads.closeAll();
      vertx.close().onComplete(closed);
    }, "offload-close");
    closer.start();
    return closed.future();
  }

  /**
   * The graceful stop: {@code /ready} turns 503 at once and requests are served as usual for
   * {@code shutdown.graceMs}, so a load balancer notices; then the listener stops accepting, new work is answered
   * 503 draining, and every request on an open connection is still answered (with {@code Connection: close}, the
   * connection closing after it); running and queued work gets up to {@code shutdown.timeoutMs} to finish, and
   * whatever is left is answered 503 draining. Then {@link #close}.
   */
  public Future<Void> drain() {
    return drain(LOG::info);
  }

  /** As {@link #drain()}, telling {@code progress} when the listener stops accepting. */
  public synchronized Future<Void> drain(Consumer<String> progress) {
    if (draining == null) {
      draining = startDrain(progress);
    }
    return draining;
  }

  private Future<Void> startDrain(Consumer<String> progress) {
    ShutdownSettings shutdown = components.config().shutdown();
    long began = System.nanoTime();
    components.lifecycle().startDraining();
    return vertx.timer(Math.max(1, shutdown.graceMs()))
        // A config change under way finishes first (later ones are refused), so the pools closed below are all.
        .compose(graceOver -> applier.idle())
        .compose(noChangeUnderWay -> {
          components.state().get().allAdmissions().forEach(Admission::close);
          Promise<Void> workDone = Promise.promise();
          long deadline = vertx.setTimer(Math.max(1, shutdown.timeoutMs()), id -> {
            answerEverythingDraining();
            // The drained answers are made on each request's event loop: let them go out before what follows.
            vertx.setTimer(WORK_POLL_MS, t -> workDone.tryComplete());
          });
          awaitNoWork(workDone);
          // The port closes first, then each instance lets go of it: see ListeningPort. And only then do answers say
          // "Connection: close": a kept-alive client told to reconnect must find the port closed (refused, which it
          // knows how to take), not still open for a moment (its new connection accepted by the kernel, then reset
          // unanswered as the port closes). Fast answers made that moment long enough to lose requests in.
          Future<Void> connectionsClosed = components.listeningPort().close()
              .compose(portClosed -> {
                components.lifecycle().startClosing();
                // A dashboard's stream never ends by itself: end it, so its connection closes with the others.
                components.feed().endStreams();
                httpVerticles.forEach(HttpVerticle::startClosing);
                progress.accept("stopped accepting connections " + (System.nanoTime() - began) / 1_000_000
                    + " ms after the drain began; open connections close as their requests are answered");
                // Past our own deadline every request is answered, so connections close before this longer timeout.
                List<Future<Void>> closing = new ArrayList<>();
                for (HttpVerticle verticle : httpVerticles) {
                  closing.add(verticle.shutdownServer(shutdown.timeoutMs() + FORCED_CLOSE_MARGIN_MS));
                }
                return Future.join(closing).mapEmpty();
              });
          // Both: every connection closed, and the work done (or its time up). Work whose client left is not tied
          // to any connection, and must not be cut by the close that follows.
          return Future.join(connectionsClosed, workDone.future())
              .onComplete(done -> vertx.cancelTimer(deadline))
              // A cluster node says it leaves once it has answered what it took: the fronts do not take it as lost.
              .compose(done -> components.cluster() == null ? Future.<Void>succeededFuture()
                  : components.cluster().leave())
              .<Void>mapEmpty();
        });
  }

  /** Completes {@code done} once no pool runs or queues anything; looks every {@link #WORK_POLL_MS}. */
  private void awaitNoWork(Promise<Void> done) {
    if (done.future().isComplete()) {
      return;
    }
    // No pool runs or queues anything, and every submission has its answer: a permit comes back on the worker thread
    // a moment before the answer is made on the event loop, and a cluster node must not leave between the two.
    if (components.offloader().inFlight() == 0 && components.state().get().allAdmissions().stream()
        .map(Admission::snapshot).allMatch(s -> s.running() == 0 && s.queued() == 0)) {
      done.tryComplete();
      return;
    }
    vertx.setTimer(WORK_POLL_MS, id -> awaitNoWork(done));
  }

  /** Tasks running now, in every pool: after a drain, those its {@code shutdown.timeoutMs} did not see end. */
  public int runningWork() {
    return components.state().get().allAdmissions().stream().mapToInt(a -> a.snapshot().running()).sum();
  }

  private void answerEverythingDraining() {
    components.state().get().allAdmissions().forEach(Admission::drain);
    components.offloader().drainAll();
  }
}
