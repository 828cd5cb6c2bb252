package dev.offload.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/** offload's own meters, on the same registry as Vert.x's, so {@code /metrics} shows both. */
public final class OffloadMeters {
  private final MeterRegistry registry;
  // The per-request meters, made once per tag set; a RouteMeters holds its own and looks nothing up per request
  // (building a Meter.Id from tags and asking the registry on every request was a tenth of a small request's cost).
  // Never removed from the registry.
  private final Map<RequestKey, Counter> requestCounters = new ConcurrentHashMap<>();
  private final Map<TimingKey, Timer[]> timers = new ConcurrentHashMap<>();

  private record RequestKey(int instance, String route, String strategy, String outcome) {
  }

  /**
   * Per instance, as the request counter is: each instance's event loop records into timers of its own. Shared by the
   * instances, every record wrote the same histogram bucket and maximum from two cores, and the cache line moving
   * between them was the largest part of what timing cost (docs/performance.md, "Where the time goes").
   */
  private record TimingKey(int instance, String route, String strategy) {
  }

  public OffloadMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * The gauges and counters of one pool, built-in or named, at start or when a change adds it; {@code counts} is
   * read at each scrape.
   */
  public PoolMeters registerPool(String pool, Supplier<PoolCounts> counts) {
    List<Meter> meters = new ArrayList<>();
    meters.add(Gauge.builder("offload_pool_queued", counts, c -> c.get().queued()).tag("pool", pool)
        .description("requests waiting for a permit").register(registry));
    meters.add(Gauge.builder("offload_pool_running", counts, c -> c.get().running()).tag("pool", pool)
        .description("requests whose work holds a permit").register(registry));
    meters.add(Gauge.builder("offload_pool_limit", counts, c -> c.get().limit()).tag("pool", pool)
        .description("how many may run at once now (moves under an adaptive limit)").register(registry));
    meters.add(counter(pool, counts, "admitted", "requests let in, to run at once or to queue",
        PoolCounts::admitted));
    meters.add(counter(pool, counts, "rejected",
        "requests refused with 503 because the queue was full or the service draining", PoolCounts::rejected));
    meters.add(counter(pool, counts, "expired", "queued requests dropped at their deadline (504), never run",
        PoolCounts::expired));
    meters.add(counter(pool, counts, "cancelled",
        "requests whose client went away before their work started, never run", PoolCounts::cancelled));
    meters.add(counter(pool, counts, "drained", "requests answered 503 at shutdown before their work started, never run",
        PoolCounts::drained));
    meters.add(counter(pool, counts, "completed", "work that returned", PoolCounts::completed));
    meters.add(counter(pool, counts, "failed", "work that threw", PoolCounts::failed));
    return new PoolMeters(meters, counts);
  }

  /**
   * One pool's meters. Each pool gets its own, so that a pool the config removes takes them along, and one added
   * again under the same name gets meters of its own (Micrometer would hand back the old ones, bound to the old pool).
   */
  public final class PoolMeters {
    private final List<Meter> meters;
    // Micrometer holds a gauge's and a function counter's state weakly: keep this handle as long as the pool lives.
    private final Supplier<PoolCounts> counts;

    private PoolMeters(List<Meter> meters, Supplier<PoolCounts> counts) {
      this.meters = meters;
      this.counts = counts;
    }

    /** A change removed the pool: its meters leave {@code /metrics} ({@code /stats} lists it until its work is done). */
    public void remove() {
      meters.forEach(registry::remove);
    }
  }

  /** The applied config's version and when it changed, so a dashboard can mark config changes. */
  public <T> void registerConfig(T state, ToDoubleFunction<T> version, ToDoubleFunction<T> changedAtSeconds) {
    // Micrometer holds a gauge's state weakly: the caller's long-lived object keeps it alive.
    Gauge.builder("offload_config_version", state, version)
        .description("the applied config's version: 1 at start, one more for each change applied").register(registry);
    Gauge.builder("offload_config_changed_seconds", state, changedAtSeconds)
        .description("when the applied config took effect, in seconds since the epoch").register(registry);
  }

  private Meter counter(String pool, Supplier<PoolCounts> counts, String outcome, String description,
      ToDoubleFunction<PoolCounts> value) {
    return FunctionCounter.builder("offload_pool_" + outcome, counts, c -> value.applyAsDouble(c.get()))
        .tag("pool", pool).description(description).register(registry);
  }

  /**
   * The meters of one route as one instance records them, found once: a request then counts and times itself
   * without any lookup by tags or keys (see WorkHandler, which keeps one per route it has served).
   */
  public RouteMeters forRoute(int instance, String route, String strategy) {
    return new RouteMeters(instance, route, strategy);
  }

  /** One route's request counter per outcome and its three timers (unless its timings are off), on one instance. */
  public final class RouteMeters {
    private final int instance;
    private final String route;
    private final String strategy;
    // Found when first used: a route whose timings are off never registers its timers.
    private Timer[] timings;
    // Read and written by the one event loop of the instance that owns this object.
    private final Map<String, Counter> byOutcome = new java.util.HashMap<>();

    private RouteMeters(int instance, String route, String strategy) {
      this.instance = instance;
      this.route = route;
      this.strategy = strategy;
    }

    /**
     * Counts one work request by how it ended: ok, bad_request, error, unavailable (a dependency such as the
     * database is down), overloaded, deadline_exceeded, draining, node_lost, cancelled (client left while queued)
     * or client_gone (client left while its work ran).
     */
    public void request(String outcome) {
      Counter counter = byOutcome.get(outcome);
      if (counter == null) {
        counter = requestCounters.computeIfAbsent(new RequestKey(instance, route, strategy, outcome),
            OffloadMeters.this::requestCounter);
        byOutcome.put(outcome, counter);
      }
      counter.increment();
    }

    /** Records how long the work waited for a thread, how long it ran, and the two together. */
    public void timings(double queuedMs, double serviceMs) {
      if (timings == null) {
        timings = timers.computeIfAbsent(new TimingKey(instance, route, strategy), k -> new Timer[] {
            timer("offload_queue_wait", "time from dispatch to the start of the work", k),
            timer("offload_service", "time the work ran", k),
            timer("offload_work", "time from dispatch to the end of the work: queue wait plus service", k)});
      }
      timings[0].record((long) (queuedMs * 1e6), TimeUnit.NANOSECONDS);
      timings[1].record((long) (serviceMs * 1e6), TimeUnit.NANOSECONDS);
      timings[2].record((long) ((queuedMs + serviceMs) * 1e6), TimeUnit.NANOSECONDS);
    }
  }

  /** Work requests answered so far, by route and then outcome, summed over instances and strategies. */
  public Map<String, Map<String, Double>> requestTotals() {
    Map<String, Map<String, Double>> out = new java.util.TreeMap<>();
    requestCounters.forEach((key, counter) -> out.computeIfAbsent(key.route(), r -> new java.util.TreeMap<>())
        .merge(key.outcome(), counter.count(), Double::sum));
    return out;
  }

  /** Each route's {@code offload_work} histogram so far (every instance and every strategy it has had, together). */
  public Map<String, BucketCounts> workHistograms() {
    Map<String, BucketCounts> out = new java.util.TreeMap<>();
    timers.forEach((key, t) -> out.merge(key.route(), BucketCounts.of(t[2]), BucketCounts::plus));
    return out;
  }

  private Counter requestCounter(RequestKey k) {
    return Counter.builder("offload_requests").description("work requests answered")
        .tags("instance", Integer.toString(k.instance()), "route", k.route(), "strategy", k.strategy(),
            "outcome", k.outcome())
        .register(registry);
  }

  /** The lag timer of one instance's event loop. */
  public Timer eventLoopLag(int instance) {
    return Timer.builder("offload_event_loop_lag").description("how late a timer fired on the event loop")
        .tag("instance", Integer.toString(instance))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
  }

  private Timer timer(String name, String description, TimingKey k) {
    return Timer.builder(name).description(description)
        .tags("instance", Integer.toString(k.instance()), "route", k.route(), "strategy", k.strategy())
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(120))
        .register(registry);
  }
}
