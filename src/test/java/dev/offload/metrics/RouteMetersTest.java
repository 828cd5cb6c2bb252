package dev.offload.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each HTTP instance counts and times a route in series of its own (the {@code instance} label), so that two event
 * loops never write the same histogram; the sums the dashboard and compare read still add every instance up.
 */
class RouteMetersTest {

  @Test
  void twoInstancesRecordARouteInSeparateSeriesThatStillAddUp() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    OffloadMeters meters = new OffloadMeters(registry);
    OffloadMeters.RouteMeters first = meters.forRoute(0, "sleep", "worker-pool");
    OffloadMeters.RouteMeters second = meters.forRoute(1, "sleep", "worker-pool");
    // A second handle on instance 0 (a route re-resolved after a config change) finds instance 0's series again.
    OffloadMeters.RouteMeters firstAgain = meters.forRoute(0, "sleep", "worker-pool");

    first.request("ok");
    first.timings(1, 10);
    firstAgain.request("ok");
    firstAgain.timings(2, 20);
    second.request("overloaded");
    second.timings(4, 40);

    for (String name : new String[] {"offload_queue_wait", "offload_service", "offload_work"}) {
      // Each lookup fails if its instance has no series of its own.
      assertEquals(2, timer(registry, name, "0").count(), name + " on instance 0");
      assertEquals(1, timer(registry, name, "1").count(), name + " on instance 1");
      assertEquals(2, registry.find(name).tags("route", "sleep").timers().size(), name + ": two series in all");
    }
    assertEquals(3.0 + 30.0, timer(registry, "offload_work", "0").totalTime(TimeUnit.MILLISECONDS), 1e-6,
        "instance 0's work: queue wait plus service");
    assertEquals(2.0, registry.get("offload_requests").tags("instance", "0", "outcome", "ok").counter().count());
    assertEquals(1.0, registry.get("offload_requests").tags("instance", "1", "outcome", "overloaded").counter()
        .count());

    assertEquals(Map.of("sleep", Map.of("ok", 2.0, "overloaded", 1.0)), meters.requestTotals());
    assertEquals(3.0, meters.workHistograms().get("sleep").total(), "the route's histogram over both instances");
  }

  private static Timer timer(SimpleMeterRegistry registry, String name, String instance) {
    return registry.get(name).tags("instance", instance, "route", "sleep", "strategy", "worker-pool").timer();
  }
}
