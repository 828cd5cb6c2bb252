package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What compare reads off a child's /metrics: sums over every instance, and no service time where none is timed. */
class ServerSnapshotTest {
  private static final String SCRAPE = String.join("\n",
      "# HELP offload_service_seconds time the work ran",
      "offload_service_seconds_count{instance=\"0\",route=\"cpu\",strategy=\"worker-pool\"} 3",
      "offload_service_seconds_sum{instance=\"0\",route=\"cpu\",strategy=\"worker-pool\"} 0.25",
      "offload_service_seconds_sum{instance=\"1\",route=\"cpu\",strategy=\"worker-pool\"} 0.5",
      "offload_requests_total{instance=\"0\",outcome=\"ok\",route=\"cpu\",strategy=\"worker-pool\"} 3.0",
      "offload_requests_total{instance=\"1\",outcome=\"ok\",route=\"cpu\",strategy=\"worker-pool\"} 2.0",
      "offload_requests_total{instance=\"1\",outcome=\"overloaded\",route=\"cpu\",strategy=\"worker-pool\"} 4.0");

  @Test
  void serviceTimeIsSummedOverInstancesAndAbsentWhenNothingIsTimed() {
    assertEquals(0.75, ServerSnapshot.sum(SCRAPE, "offload_service_seconds_sum{"), 1e-9);
    // A route with "timings": false registers no timer: efficiency then has nothing to read, not a 0.
    assertNull(ServerSnapshot.sum("offload_requests_total{instance=\"0\",outcome=\"ok\",route=\"cpu\"} 1.0",
        "offload_service_seconds_sum{"));
  }

  @Test
  void workRequestsAreCountedPerInstanceOverEveryOutcome() {
    assertEquals(Map.of(0, 3.0, 1, 6.0), ServerSnapshot.requestsByInstance(SCRAPE));
  }
}
