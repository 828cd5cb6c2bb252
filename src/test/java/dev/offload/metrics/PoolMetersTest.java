package dev.offload.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A pool's meters read its figures for as long as the pool holds their handle, and leave with it. */
class PoolMetersTest {

  @Test
  void aPoolsMetersReadItsCountsAfterACollectionAndLeaveWhenRemoved() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    OffloadMeters meters = new OffloadMeters(registry);
    AtomicInteger queued = new AtomicInteger(3);
    // Only the handle holds the supplier: Micrometer's own reference to it is weak.
    OffloadMeters.PoolMeters handle = meters.registerPool("cpu",
        () -> new PoolCounts(queued.get(), 2, 4, 10, 1, 2, 3, 0, 4, 1));
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    queued.set(5);
    assertEquals(5.0, registry.get("offload_pool_queued").tag("pool", "cpu").gauge().value());
    assertEquals(2.0, registry.get("offload_pool_running").tag("pool", "cpu").gauge().value());
    assertEquals(4.0, registry.get("offload_pool_limit").tag("pool", "cpu").gauge().value());
    assertEquals(10.0, registry.get("offload_pool_admitted").tag("pool", "cpu").functionCounter().count());
    assertEquals(1.0, registry.get("offload_pool_rejected").tag("pool", "cpu").functionCounter().count());
    assertEquals(2.0, registry.get("offload_pool_expired").tag("pool", "cpu").functionCounter().count());
    assertEquals(3.0, registry.get("offload_pool_cancelled").tag("pool", "cpu").functionCounter().count());
    assertEquals(0.0, registry.get("offload_pool_drained").tag("pool", "cpu").functionCounter().count());
    assertEquals(4.0, registry.get("offload_pool_completed").tag("pool", "cpu").functionCounter().count());
    assertEquals(1.0, registry.get("offload_pool_failed").tag("pool", "cpu").functionCounter().count());

    handle.remove();
    assertNull(registry.find("offload_pool_queued").tag("pool", "cpu").gauge());
    assertNull(registry.find("offload_pool_failed").tag("pool", "cpu").functionCounter());
  }
}
