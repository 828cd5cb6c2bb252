package dev.offload.metrics;

import dev.offload.dispatch.PoolStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/** offload's own meters, on the same registry as Vert.x's, so {@code /metrics} shows both. */
public final class OffloadMeters {
  private final MeterRegistry registry;

  public OffloadMeters(MeterRegistry registry, Collection<PoolStats> pools) {
    this.registry = registry;
    for (PoolStats pool : pools) {
      Gauge.builder("offload_pool_queued", pool, PoolStats::queued).tag("pool", pool.name())
          .description("tasks waiting for a thread").register(registry);
      Gauge.builder("offload_pool_active", pool, PoolStats::active).tag("pool", pool.name())
          .description("tasks running").register(registry);
      FunctionCounter.builder("offload_pool_completed", pool, PoolStats::completed).tag("pool", pool.name())
          .description("tasks that returned").register(registry);
      FunctionCounter.builder("offload_pool_failed", pool, PoolStats::failed).tag("pool", pool.name())
          .description("tasks that threw or could not be dispatched").register(registry);
    }
  }

  /** Counts one answered work request; {@code outcome} is ok, bad_request or error. */
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
