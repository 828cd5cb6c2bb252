package dev.offload.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Percentiles of what a timer recorded between two readings, from its cumulative buckets. */
class BucketCountsTest {
  private static final double[] BOUNDS = {1, 2, 4, 8};

  @Test
  void aPercentileIsInterpolatedInsideItsBucket() {
    // 10 at or under 1 ms, 10 more in (1, 2], 20 in (2, 4], none above.
    BucketCounts counts = new BucketCounts(BOUNDS, new double[] {10, 20, 40, 40}, 40);
    assertEquals(0.5, counts.percentileMs(12.5), 1e-9);
    assertEquals(1.5, counts.percentileMs(37.5), 1e-9);
    assertEquals(3.0, counts.percentileMs(75), 1e-9);
    assertEquals(4.0, counts.percentileMs(100), 1e-9);
  }

  @Test
  void aDifferenceIsWhatWasRecordedBetweenTheTwo() {
    BucketCounts before = new BucketCounts(BOUNDS, new double[] {10, 20, 40, 40}, 40);
    BucketCounts after = new BucketCounts(BOUNDS, new double[] {10, 20, 40, 50}, 50);
    BucketCounts between = after.since(before);
    assertEquals(10, between.total());
    // All ten in (4, 8]: the median is half way.
    assertEquals(6.0, between.percentileMs(50), 1e-9);
    assertNull(before.since(before).percentileMs(99), "nothing recorded, no percentile");
  }

  @Test
  void beyondTheLastBoundItAnswersTheBound() {
    BucketCounts counts = new BucketCounts(BOUNDS, new double[] {0, 0, 0, 1}, 2);
    assertEquals(8.0, counts.percentileMs(99), 1e-9);
  }

  @Test
  void aRealTimerReadsTheSame() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Timer timer = Timer.builder("t").publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(120)).register(registry);
    for (int i = 0; i < 100; i++) {
      timer.record(Duration.ofMillis(10));
    }
    BucketCounts first = BucketCounts.of(timer);
    for (int i = 0; i < 100; i++) {
      timer.record(Duration.ofMillis(100));
    }
    BucketCounts lastHundred = BucketCounts.of(timer).since(first);
    assertEquals(100, lastHundred.total());
    // Inside the bucket that holds 100 ms, whose bounds are within a third of it.
    double p50 = lastHundred.percentileMs(50);
    assertEquals(100, p50, 34, "p50 " + p50);
    assertEquals(BucketCounts.of(timer).plus(BucketCounts.of(timer)).total(), 400);
  }
}
