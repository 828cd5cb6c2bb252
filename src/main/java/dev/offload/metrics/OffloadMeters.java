package dev.offload.metrics;

import dev.offload.dispatch.Admission;
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
import java.util.function.ToDoubleFunction;

/** offload's own meters, on the same registry as Vert.x's, so {@code /metrics} shows both. */
public final class OffloadMeters {
  private final MeterRegistry registry;
  // Each pool's own meters, so that a pool the config removes takes them along, and one added again under the same
  // name gets meters of its own (Micrometer would hand back the old ones, bound to the old pool).
  private final Map<Admission, List<Meter>> poolMeters = new ConcurrentHashMap<>();

  public OffloadMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The gauges and counters of one pool, built-in or named, at start or when a change adds it. */
  public void registerPool(Admission pool) {
    String name = pool.pool();
    List<Meter> meters = new ArrayList<>();
    meters.add(Gauge.builder("offload_pool_queued", pool, a -> a.snapshot().queued()).tag("pool", name)
        .description("requests waiting for a permit").register(registry));
    meters.add(Gauge.builder("offload_pool_running", pool, a -> a.snapshot().running()).tag("pool", name)
        .description("requests whose work holds a permit").register(registry));
    meters.add(Gauge.builder("offload_pool_limit", pool, a -> a.snapshot().limit()).tag("pool", name)
        .description("how many may run at once now (moves under an adaptive limit)").register(registry));
    meters.add(counter(pool, "admitted", "requests let in, to run at once or to queue", Admission.Snapshot::admitted));
    meters.add(counter(pool, "rejected", "requests refused with 503 because the queue was full or the service draining",
        Admission.Snapshot::rejected));
    meters.add(counter(pool, "expired", "queued requests dropped at their deadline (504), never run",
        Admission.Snapshot::expired));
    meters.add(counter(pool, "cancelled", "requests whose client went away before their work started, never run",
        Admission.Snapshot::cancelled));
    meters.add(counter(pool, "drained", "requests answered 503 at shutdown before their work started, never run",
        Admission.Snapshot::drained));
    meters.add(counter(pool, "completed", "work that returned", Admission.Snapshot::completed));
    meters.add(counter(pool, "failed", "work that threw", Admission.Snapshot::failed));
    poolMeters.put(pool, meters);
  }

  /** A change removed the pool: its meters leave {@code /metrics} ({@code /stats} lists it until its work is done). */
  public void unregisterPool(Admission pool) {
    List<Meter> meters = poolMeters.remove(pool);
    if (meters != null) {
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

  private Meter counter(Admission pool, String outcome, String description,
      ToDoubleFunction<Admission.Snapshot> value) {
    return FunctionCounter.builder("offload_pool_" + outcome, pool, a -> value.applyAsDouble(a.snapshot()))
        .tag("pool", pool.pool()).description(description).register(registry);
  }

  /**
   * Counts one work request by how it ended: ok, bad_request, error, unavailable (a dependency such as the database
   * is down), overloaded, deadline_exceeded, draining, cancelled (client left while queued) or client_gone (client
   * left while its work ran).
   */
  public void request(int instance, String route, String strategy, String outcome) {
    // Micrometer keeps one counter per tag set and finds it again on each call.
    Counter.builder("offload_requests").description("work requests answered")
        .tags("instance", Integer.toString(instance), "route", route, "strategy", strategy, "outcome", outcome)
        .register(registry).increment();
  }

  /** Records how long the work waited for a thread and how long it ran. */
  public void timings(String route, String strategy, double queuedMs, double serviceMs) {
    timer("offload_queue_wait", "time from dispatch to the start of the work", route, strategy)
        .record((long) (queuedMs * 1e6), TimeUnit.NANOSECONDS);
    timer("offload_service", "time the work ran", route, strategy)
        .record((long) (serviceMs * 1e6), TimeUnit.NANOSECONDS);
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

  private Timer timer(String name, String description, String route, String strategy) {
    return Timer.builder(name).description(description)
        .tags("route", route, "strategy", strategy)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(120))
        .register(registry);
  }
}
