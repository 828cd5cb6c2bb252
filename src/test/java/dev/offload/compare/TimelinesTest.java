package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.offload.load.LoadResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The report's per-second figures and percentile curve, from fixed numbers. */
class TimelinesTest {

  private static LoadResult result(double scheduledSeconds, List<LoadResult.Window> windows) {
    Histogram h = new Histogram(3);
    for (int i = 1; i <= 100; i++) {
      h.recordValue(i * 1000L); // 1 ms .. 100 ms
    }
    return new LoadResult(100, 100, 0, 0, 0, 0, scheduledSeconds, scheduledSeconds, 100, h, h, new Histogram(3),
        new Histogram(3), h, new Histogram(3), windows, new Histogram(3), new Histogram(3));
  }

  @Test
  void aLastPartialSecondCountsPerSecondOfItsOwnLength() {
    // 1.5 s: 40 answers in the first second, 20 in the last half second.
    LoadResult r = result(1.5, List.of(new LoadResult.Window(0, 40, 0, 10, 20), new LoadResult.Window(1, 20, 2, 11, 30)));
    JsonObject t = Timelines.of(r, 0);
    assertEquals(new JsonArray().add(0.0).add(1.0), t.getJsonArray("seconds"));
    assertEquals(new JsonArray().add(40.0).add(40.0), t.getJsonArray("okPerSecond"));
    assertEquals(new JsonArray().add(0.0).add(4.0), t.getJsonArray("othersPerSecond"));
    assertEquals(new JsonArray().add(20.0).add(30.0), t.getJsonArray("p99Ms"));
  }

  @Test
  void aRampsStepsFollowOneAnotherAndAMixAddsItsLoads() {
    LoadResult step = result(2, List.of(new LoadResult.Window(0, 10, 0, 1, 2), new LoadResult.Window(1, 10, 0, 1, 2)));
    JsonObject ramp = Timelines.append(Timelines.of(step, 0), step, 2);
    assertEquals(new JsonArray().add(0.0).add(1.0).add(2.0).add(3.0), ramp.getJsonArray("seconds"));
    JsonObject mix = Timelines.of(step, 0);
    Timelines.addThroughput(mix, step);
    assertEquals(new JsonArray().add(20.0).add(20.0), mix.getJsonArray("okPerSecond"));
  }

  @Test
  void theCurveReadsTheHistogramAtEachPercentile() {
    JsonObject curve = Timelines.percentiles(result(1, List.of()).success());
    int p50 = curve.getJsonArray("percentile").getList().indexOf(50.0);
    int p99 = curve.getJsonArray("percentile").getList().indexOf(99.0);
    assertEquals(50.0, curve.getJsonArray("ms").getDouble(p50), 0.1);
    assertEquals(99.0, curve.getJsonArray("ms").getDouble(p99), 0.1);
    JsonObject burst = Timelines.percentiles(List.of(10.0, 20.0, 30.0, 40.0));
    assertEquals(20.0, burst.getJsonArray("ms").getDouble(p50));
    assertEquals(40.0, burst.getJsonArray("ms").getDouble(p99));
  }
}
