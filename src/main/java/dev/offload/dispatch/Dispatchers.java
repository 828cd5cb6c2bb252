package dev.offload.dispatch;

import dev.offload.config.OffloadConfig;
import dev.offload.config.PoolSettings;
import dev.offload.config.RouteSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every dispatch strategy the service can use, built once at start: one per named pool for the pool strategies,
 * with their worker verticles deployed, so that a route can move to any of them without a redeploy.
 */
public final class Dispatchers {
  private final DispatchStrategy eventLoop = new EventLoopDispatch();
  private final DispatchStrategy orderedBlocking;
  private final DispatchStrategy unorderedBlocking;
  private final Map<String, DispatchStrategy> workerPools = new LinkedHashMap<>();
  private final Map<String, DispatchStrategy> workerVerticles = new LinkedHashMap<>();
  private final Map<String, Admission> admissions = new LinkedHashMap<>();
  private DispatchStrategy virtualThreads;

  private Dispatchers(Vertx vertx, OffloadConfig config) {
    orderedBlocking = new ExecuteBlockingDispatch(vertx, true);
    unorderedBlocking = new ExecuteBlockingDispatch(vertx, false);
    addAdmission(config, EventLoopDispatch.POOL, "event-loop", null);
    addAdmission(config, ExecuteBlockingDispatch.POOL, "vert.x worker pool", config.vertx().workerPoolSize());
  }

  /** Creates the pools and deploys the worker and virtual-thread verticles; fails if any deployment fails. */
  public static Future<Dispatchers> create(Vertx vertx, OffloadConfig config) {
    Dispatchers d = new Dispatchers(vertx, config);
    vertx.eventBus().registerDefaultCodec(WorkRequest.class, new LocalCodec<>(WorkRequest.class));
    vertx.eventBus().registerDefaultCodec(WorkResult.class, new LocalCodec<>(WorkResult.class));
    List<Future<?>> deployments = new ArrayList<>();
    for (PoolSettings pool : config.pools().values()) {
      // One shared Vert.x pool per name: the worker-pool executor and the worker verticles of a pool use the same
      // threads, so a pool is one bulkhead whichever of the two strategies a route picks.
      d.workerPools.put(pool.name(), new WorkerPoolDispatch(
          vertx.createSharedWorkerExecutor(pool.threadPoolName(), pool.size()), pool.name()));
      d.addAdmission(config, pool.name(), "named worker pool", pool.size());
      String address = "offload.worker." + pool.name();
      AtomicInteger nextInstance = new AtomicInteger();
      DeploymentOptions options = new DeploymentOptions()
          .setThreadingModel(ThreadingModel.WORKER)
          .setInstances(pool.size())
          .setWorkerPoolName(pool.threadPoolName())
          .setWorkerPoolSize(pool.size());
      deployments.add(vertx.deployVerticle(
          () -> new WorkerVerticle(WorkerVerticle.instanceAddress(address, nextInstance.getAndIncrement())), options));
      d.workerVerticles.put(pool.name(),
          new WorkerVerticleDispatch(vertx.eventBus(), address, pool.name(), pool.size()));
    }
    if (Runtime.version().feature() >= 21) {
      VirtualThreadCarrier carrier = new VirtualThreadCarrier();
      deployments.add(vertx.deployVerticle(carrier, new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD))
          .onSuccess(id -> {
            d.virtualThreads = new VirtualThreadDispatch(carrier.virtualThreadContext());
            d.addAdmission(config, VirtualThreadDispatch.POOL, "virtual threads", null);
          }));
    }
    return Future.all(deployments).map(d);
  }

  /** The strategy a validated route names. */
  public DispatchStrategy forRoute(RouteSettings route) {
    switch (route.strategy()) {
      case EVENT_LOOP:
        return eventLoop;
      case EXECUTE_BLOCKING:
        return route.ordered() ? orderedBlocking : unorderedBlocking;
      case WORKER_POOL:
        return require(workerPools.get(route.pool()), route);
      case WORKER_VERTICLE:
        return require(workerVerticles.get(route.pool()), route);
      case VIRTUAL_THREAD:
        return require(virtualThreads, route);
      default:
        throw new IllegalStateException("unhandled strategy " + route.strategy());
    }
  }

  /** The admission control of the pool a strategy runs its work on. */
  public Admission admissionOf(DispatchStrategy strategy) {
    return admissions.get(strategy.pool());
  }

  public Map<String, Admission> admissions() {
    return Collections.unmodifiableMap(admissions);
  }

  private void addAdmission(OffloadConfig config, String pool, String kind, Integer threads) {
    admissions.put(pool, new Admission(config.admission().get(pool), kind, threads, System::nanoTime));
  }

  private static DispatchStrategy require(DispatchStrategy strategy, RouteSettings route) {
    if (strategy == null) {
      // Config validation refuses such routes, so reaching this is a bug in offload, not a user error.
      throw new IllegalStateException("no dispatcher for " + route);
    }
    return strategy;
  }
}
