package dev.offload.service;

import dev.offload.config.AdmissionSettings;
import dev.offload.config.AppliedConfig;
import dev.offload.config.ConfigParser;
import dev.offload.config.OffloadConfig;
import dev.offload.config.PoolSettings;
import dev.offload.dispatch.Admission;
import dev.offload.dispatch.AdmissionClock;
import dev.offload.dispatch.DispatchStrategy;
import dev.offload.dispatch.PoolGeneration;
import dev.offload.dispatch.Strategies;
import dev.offload.metrics.OffloadMeters;
import dev.offload.metrics.PoolCounts;
import dev.offload.workload.Workloads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Makes the service state for each applied config and swaps it in. Pools follow the config without dropping or
 * interrupting work: an admission's settings change in place; a resized pool gets a new generation of threads for
 * new grants while the old one finishes what it was granted; a new pool starts before any route can name it; a
 * removed pool leaves the routes at once and runs what it holds before its threads close. One change at a time:
 * {@link #change} runs each after the one asked before it.
 */
public final class ServiceStates {
  private static final List<String> BUILT_IN_POOLS =
      List.of(Strategies.EVENT_LOOP_POOL, Strategies.DEFAULT_POOL, Strategies.VIRTUAL_POOL);

  private final Vertx vertx;
  private final Workloads workloads;
  private final Strategies strategies;
  private final OffloadMeters meters;
  private final AdmissionClock clock;
  private final CurrentState current;
  // Per pool name: its first threads keep the plain name (offload-cpu-0); later sizes get .g2, .g3...
  private final Map<String, Integer> generations = new HashMap<>();
  // Generations that have not yet let go of their threads.
  private final List<PoolGeneration> started = new CopyOnWriteArrayList<>();
  // Each pool's meters, held while the pool is in the state (Micrometer keeps only weak references to their source).
  private final Map<Admission, OffloadMeters.PoolMeters> poolMeters = new HashMap<>();
  private Future<AppliedConfig> lastChange = Future.succeededFuture();

  private ServiceStates(Vertx vertx, Workloads workloads, Strategies strategies, OffloadMeters meters,
      AdmissionClock clock, ServiceState seed) {
    this.vertx = vertx;
    this.workloads = workloads;
    this.strategies = strategies;
    this.meters = meters;
    this.clock = clock;
    this.current = new CurrentState(seed);
    seed.pools().values().forEach(this::registerMeters);
  }

  private void registerMeters(Admission pool) {
    poolMeters.put(pool, meters.registerPool(pool.pool(), () -> countsOf(pool.snapshot())));
  }

  private void removeMeters(Admission pool) {
    OffloadMeters.PoolMeters removed = poolMeters.remove(pool);
    if (removed != null) {
      removed.remove();
    }
  }

  private static PoolCounts countsOf(Admission.Snapshot s) {
    return new PoolCounts(s.queued(), s.running(), s.limit(), s.admitted(), s.rejected(), s.expired(), s.cancelled(),
        s.drained(), s.completed(), s.failed());
  }

  /**
   * Starts the strategies and the pools of {@code config}, and makes its state version 1; fails (with every thread
   * started so far released) if a pool or the virtual-thread carrier cannot start.
   *
   * @param source where the config came from, e.g. {@code start: conf/config.json}
   */
  public static Future<ServiceStates> start(Vertx vertx, OffloadConfig config, String source, Workloads workloads,
      OffloadMeters meters, AdmissionClock clock) {
    return start(vertx, config, source, workloads, meters, clock, null);
  }

  /** As above, on a node of a cluster: {@code cluster} sends the work of {@code cluster} routes to other nodes. */
  public static Future<ServiceStates> start(Vertx vertx, OffloadConfig config, String source, Workloads workloads,
      OffloadMeters meters, AdmissionClock clock, DispatchStrategy cluster) {
    return Strategies.create(vertx, cluster).compose(strategies -> {
      Map<String, Admission> builtIn = new LinkedHashMap<>();
      builtIn.put(Strategies.EVENT_LOOP_POOL,
          builtInAdmission(config, Strategies.EVENT_LOOP_POOL, "event-loop", clock));
      builtIn.put(Strategies.DEFAULT_POOL, builtInAdmission(config, Strategies.DEFAULT_POOL, "vert.x worker pool",
          clock));
      if (strategies.virtualThreads()) {
        builtIn.put(Strategies.VIRTUAL_POOL, builtInAdmission(config, Strategies.VIRTUAL_POOL, "virtual threads",
            clock));
      }
      // Version 0 holds only the built-in pools; the first change brings the config's own pools and routes.
      ServiceState seed = new ServiceState(new AppliedConfig(config, 0, System.currentTimeMillis(), source),
          builtIn, List.of(), RouteTable.build(config, Workloads.of(), strategies, builtIn));
      ServiceStates states = new ServiceStates(vertx, workloads, strategies, meters, clock, seed);
      return states.change(config, source).map(states);
    });
  }

  private static Admission builtInAdmission(OffloadConfig config, String label, String kind, AdmissionClock clock) {
    return new Admission(config.admission().get(label), kind, builtInThreads(config, label), null, clock);
  }

  /** Only the default pool has threads of a known number: Vert.x's worker pool. */
  private static Integer builtInThreads(OffloadConfig config, String label) {
    return label.equals(Strategies.DEFAULT_POOL) ? config.vertx().workerPoolSize() : null;
  }

  public CurrentState current() {
    return current;
  }

  /**
   * Brings the service to a validated config and swaps the new state in, after any change asked before it; fails,
   * changing nothing, if a new generation of threads cannot start.
   */
  public synchronized Future<AppliedConfig> change(OffloadConfig config, String changedBy) {
    Future<AppliedConfig> next = lastChange.transform(previous -> changeNow(config, changedBy));
    lastChange = next;
    return next;
  }

  private Future<AppliedConfig> changeNow(OffloadConfig config, String changedBy) {
    ServiceState before = current.get();
    Map<String, Future<PoolGeneration>> starting = new LinkedHashMap<>();
    for (PoolSettings pool : config.pools().values()) {
      Admission existing = before.pools().get(pool.name());
      // New threads for a new size, and for a new nice value: a thread's priority is set once, when it starts work.
      if (existing == null || existing.generation().settings().size() != pool.size()
          || existing.generation().settings().nice() != pool.nice()) {
        starting.put(pool.name(), PoolGeneration.start(vertx, pool, nextGeneration(pool.name()))
            .onSuccess(this::track));
      }
    }
    return Future.join(new ArrayList<>(starting.values())).transform(all -> {
      Map<String, PoolGeneration> fresh = new HashMap<>();
      starting.forEach((name, started) -> {
        if (started.succeeded()) {
          fresh.put(name, started.result());
        }
      });
      try {
        if (all.failed()) {
          throw all.cause();
        }
        return Future.succeededFuture(commit(before, config, changedBy, fresh));
      } catch (Throwable refused) {
        // The change is refused whole, and the threads it started are released.
        fresh.values().forEach(PoolGeneration::retire);
        return Future.failedFuture(refused);
      }
    });
  }

  /** Keeps a generation for {@link #threadsReleased} until it has let go of its threads. */
  private void track(PoolGeneration generation) {
    started.add(generation);
    generation.released().onComplete(done -> started.remove(generation));
  }

  /**
   * Builds the new state first, then applies it to the admissions and swaps it in, in one go on one thread: if the
   * building fails nothing has changed.
   */
  private AppliedConfig commit(ServiceState before, OffloadConfig config, String changedBy,
      Map<String, PoolGeneration> fresh) {
    Map<String, Admission> pools = new LinkedHashMap<>();
    for (String label : BUILT_IN_POOLS) {
      Admission builtIn = before.pools().get(label);
      if (builtIn != null) {
        pools.put(label, builtIn);
      }
    }
    List<Admission> added = new ArrayList<>();
    for (PoolSettings pool : config.pools().values()) {
      Admission existing = before.pools().get(pool.name());
      if (existing == null) {
        existing = new Admission(config.admission().get(pool.name()), "named worker pool", pool.size(),
            fresh.get(pool.name()), clock);
        added.add(existing);
      }
      pools.put(pool.name(), existing);
    }
    for (Map.Entry<String, AdmissionSettings> e : config.admission().entrySet()) {
      // What this node may have in flight to each cluster pool its routes name: a permit per request sent.
      if (ConfigParser.isClusterPoolLabel(e.getKey())) {
        Admission existing = before.pools().get(e.getKey());
        if (existing == null) {
          existing = new Admission(e.getValue(), "cluster", null, null, clock);
          added.add(existing);
        }
        pools.put(e.getKey(), existing);
      }
    }
    List<Admission> removed = new ArrayList<>();
    for (Map.Entry<String, Admission> e : before.pools().entrySet()) {
      if (!pools.containsKey(e.getKey())) {
        removed.add(e.getValue());
      }
    }
    List<Admission> retiring = new ArrayList<>();
    for (Admission a : before.retiring()) {
      if (!a.gone()) {
        retiring.add(a);
      }
    }
    retiring.addAll(removed);
    AppliedConfig applied = new AppliedConfig(config, before.applied().version() + 1, System.currentTimeMillis(),
        changedBy);
    ServiceState next = new ServiceState(applied, pools, retiring, RouteTable.build(config, workloads, strategies,
        pools));
    // From here on the running service changes.
    for (String label : BUILT_IN_POOLS) {
      if (pools.containsKey(label)) {
        pools.get(label).reconfigure(config.admission().get(label), builtInThreads(config, label), null);
      }
    }
    for (Map.Entry<String, Admission> e : pools.entrySet()) {
      if (ConfigParser.isClusterPoolLabel(e.getKey()) && !added.contains(e.getValue())) {
        e.getValue().reconfigure(config.admission().get(e.getKey()), null, null);
      }
    }
    for (PoolSettings pool : config.pools().values()) {
      Admission admission = pools.get(pool.name());
      if (!added.contains(admission)) {
        // The limit and the threads change together: queued work granted from now on runs on the new threads.
        PoolGeneration generation = fresh.get(pool.name());
        admission.reconfigure(config.admission().get(pool.name()), pool.size(),
            generation != null ? generation : admission.generation());
      }
    }
    added.forEach(this::registerMeters);
    removed.forEach(this::removeMeters);
    current.set(next);
    // After the swap: no new state routes to them, and a request that read the old one finds them retired.
    removed.forEach(Admission::retire);
    return applied;
  }

  /**
   * Completes once every generation that has begun to close has let go of its threads: the service waits for this
   * before it closes Vert.x, so that an undeploy of ours never races Vert.x's own.
   */
  public Future<Void> threadsReleased() {
    List<Future<Void>> closing = new ArrayList<>();
    for (PoolGeneration g : started) {
      if (g.closed()) {
        closing.add(g.released());
      }
    }
    return Future.join(closing).mapEmpty();
  }

  private int nextGeneration(String pool) {
    return generations.merge(pool, 1, Integer::sum);
  }
}
