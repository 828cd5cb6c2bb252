package dev.offload.dispatch;

import dev.offload.config.AdmissionSettings;
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

/**
 * Every dispatch strategy the service can use: one per named pool for the pool strategies, with their worker
 * verticles deployed, so that a route can move to any of them without a redeploy. {@link #reconfigure} resizes,
 * adds and retires named pools at runtime.
 */
public final class Dispatchers {
  private final Vertx vertx;
  private final DispatchStrategy eventLoop = new EventLoopDispatch();
  private final DispatchStrategy orderedBlocking;
  private final DispatchStrategy unorderedBlocking;
  // Written only by create() and reconfigure(), which a ConfigApplier runs one at a time; read by request threads,
  // hence volatile maps that are replaced, never changed in place.
  private volatile Map<String, PoolGeneration> pools = Map.of();
  private volatile Map<String, Admission> admissions = Map.of();
  private volatile DispatchStrategy virtualThreads;
  // Per pool name: its first threads keep the plain name (offload-cpu-0); later sizes get -g2, -g3...
  private final Map<String, Integer> generations = new java.util.HashMap<>();

  /** How {@code /stats} labels a pool that the config no longer names while its last work finishes. */
  public static final String REMOVED_SUFFIX = " (removed)";

  private Dispatchers(Vertx vertx) {
    this.vertx = vertx;
    orderedBlocking = new ExecuteBlockingDispatch(vertx, true);
    unorderedBlocking = new ExecuteBlockingDispatch(vertx, false);
  }

  /** Creates the pools and deploys the worker and virtual-thread verticles; fails if any deployment fails. */
  public static Future<Dispatchers> create(Vertx vertx, OffloadConfig config) {
    Dispatchers d = new Dispatchers(vertx);
    vertx.eventBus().registerDefaultCodec(WorkRequest.class, new LocalCodec<>(WorkRequest.class));
    vertx.eventBus().registerDefaultCodec(WorkResult.class, new LocalCodec<>(WorkResult.class));
    Map<String, Admission> builtIn = new LinkedHashMap<>();
    builtIn.put(EventLoopDispatch.POOL, admission(config, EventLoopDispatch.POOL, "event-loop", null));
    builtIn.put(ExecuteBlockingDispatch.POOL, admission(config, ExecuteBlockingDispatch.POOL, "vert.x worker pool",
        config.vertx().workerPoolSize()));
    Future<?> virtual = Future.succeededFuture();
    if (Runtime.version().feature() >= 21) {
      VirtualThreadCarrier carrier = new VirtualThreadCarrier();
      builtIn.put(VirtualThreadDispatch.POOL, admission(config, VirtualThreadDispatch.POOL, "virtual threads", null));
      virtual = vertx.deployVerticle(carrier, new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD))
          .onSuccess(id -> d.virtualThreads = new VirtualThreadDispatch(carrier.virtualThreadContext()));
    }
    d.admissions = Collections.unmodifiableMap(builtIn);
    // The named pools start the way a config change adds them.
    return virtual.compose(deployed -> d.reconfigure(config)).map(d);
  }

  /**
   * Brings the pools to a new config: admission settings change in place (queued and running work stays); a pool
   * whose size changed gets a new generation of threads while the old one finishes its work and closes; a new pool
   * starts; a pool the config no longer names stops taking work and closes once its last task is done.
   */
  public Future<Void> reconfigure(OffloadConfig config) {
    Map<String, PoolGeneration> current = pools;
    List<Future<PoolGeneration>> starting = new ArrayList<>();
    for (PoolSettings pool : config.pools().values()) {
      PoolGeneration old = current.get(pool.name());
      if (old == null || old.settings().size() != pool.size()) {
        starting.add(PoolGeneration.start(vertx, pool, nextGeneration(pool.name())));
      }
    }
    return Future.all(starting).map(started -> {
      Map<String, PoolGeneration> fresh = new LinkedHashMap<>();
      for (Future<PoolGeneration> f : starting) {
        fresh.put(f.result().settings().name(), f.result());
      }
      Map<String, PoolGeneration> nextPools = new LinkedHashMap<>();
      Map<String, Admission> nextAdmissions = new LinkedHashMap<>(admissions);
      Map<PoolGeneration, PoolGeneration> retired = new LinkedHashMap<>();
      for (PoolSettings pool : config.pools().values()) {
        PoolGeneration next = fresh.getOrDefault(pool.name(), current.get(pool.name()));
        nextPools.put(pool.name(), next);
        PoolGeneration old = current.get(pool.name());
        if (old != null && old != next) {
          retired.put(old, next);
        }
        Admission existing = nextAdmissions.get(pool.name());
        if (existing == null) {
          nextAdmissions.put(pool.name(), admission(config, pool.name(), "named worker pool", pool.size()));
        } else {
          existing.reconfigure(config.admission().get(pool.name()), pool.size());
        }
      }
      for (Map.Entry<String, PoolGeneration> e : current.entrySet()) {
        if (!config.pools().containsKey(e.getKey())) {
          retired.put(e.getValue(), null);
          // No route names it any more; its queue still runs, and /stats lists it under a new label until it is
          // empty, so that a pool added again under the same name starts afresh.
          Admission removed = nextAdmissions.remove(e.getKey());
          removed.close();
          nextAdmissions.put(e.getKey() + REMOVED_SUFFIX, removed);
        }
      }
      for (String builtIn : List.of(EventLoopDispatch.POOL, ExecuteBlockingDispatch.POOL, VirtualThreadDispatch.POOL)) {
        Admission a = nextAdmissions.get(builtIn);
        if (a != null) {
          a.reconfigure(config.admission().get(builtIn), builtIn.equals(ExecuteBlockingDispatch.POOL)
              ? config.vertx().workerPoolSize() : null);
        }
      }
      pools = Collections.unmodifiableMap(nextPools);
      admissions = Collections.unmodifiableMap(nextAdmissions);
      retired.forEach(PoolGeneration::retire);
      return null;
    });
  }

  /** Forgets removed pools whose admission has emptied, so {@code /stats} stops listing them. */
  public void forgetIdleRemovedPools() {
    Map<String, Admission> current = admissions;
    Map<String, Admission> kept = new LinkedHashMap<>();
    boolean changed = false;
    for (Map.Entry<String, Admission> e : current.entrySet()) {
      if (e.getKey().endsWith(REMOVED_SUFFIX) && e.getValue().idle()) {
        changed = true;
      } else {
        kept.put(e.getKey(), e.getValue());
      }
    }
    if (changed) {
      admissions = Collections.unmodifiableMap(kept);
    }
  }

  private int nextGeneration(String pool) {
    return generations.merge(pool, 1, Integer::sum);
  }

  /** The strategy a validated route names. */
  public DispatchStrategy forRoute(RouteSettings route) {
    switch (route.strategy()) {
      case EVENT_LOOP:
        return eventLoop;
      case EXECUTE_BLOCKING:
        return route.ordered() ? orderedBlocking : unorderedBlocking;
      case WORKER_POOL:
        return require(pool(route), route).workerPool();
      case WORKER_VERTICLE:
        return require(pool(route), route).workerVerticles();
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

  /** Every pool's admission by label, in config order; a removed pool stays until its work is done. */
  public Map<String, Admission> admissions() {
    return admissions;
  }

  private static Admission admission(OffloadConfig config, String pool, String kind, Integer threads) {
    AdmissionSettings settings = config.admission().get(pool);
    return new Admission(settings, kind, threads, System::nanoTime);
  }

  private PoolGeneration pool(RouteSettings route) {
    return pools.get(route.pool());
  }

  private static <T> T require(T dispatcher, RouteSettings route) {
    if (dispatcher == null) {
      // Config validation refuses such routes, so reaching this is a bug in offload, not a user error.
      throw new IllegalStateException("no dispatcher for " + route);
    }
    return dispatcher;
  }
}
