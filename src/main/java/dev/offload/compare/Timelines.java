package dev.offload.compare;

import dev.offload.load.LoadResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The report's figures over time and by percentile, from what the load generator recorded: per second of the run
 * (by scheduled time) the 2xx answers per second and their p50/p99, and the latency-by-percentile curve.
 */
final class Timelines {
  /** The percentiles of the "latency by percentile" curve. */
  static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};

  private Timelines() {
  }

  /**
   * One load's seconds; {@code offsetSeconds} places it after earlier ones (a ramp's steps), {@code scheduledSeconds}
   * is its length, so that a last partial second counts per second of its own length.
   */
  static JsonObject of(LoadResult r, double offsetSeconds) {
    return append(new JsonObject().put("seconds", new JsonArray()).put("okPerSecond", new JsonArray())
        .put("othersPerSecond", new JsonArray()).put("p50Ms", new JsonArray()).put("p99Ms", new JsonArray()),
        r, offsetSeconds);
  }

  /** Adds {@code r}'s seconds to {@code timeline}, after {@code offsetSeconds}. */
  static JsonObject append(JsonObject timeline, LoadResult r, double offsetSeconds) {
    List<LoadResult.Window> windows = r.windows();
    for (int i = 0; i < windows.size(); i++) {
      LoadResult.Window w = windows.get(i);
      double end = i + 1 < windows.size() ? windows.get(i + 1).startSeconds() : r.scheduledSeconds();
      double length = Math.max(0.001, Math.min(end - w.startSeconds(), 1.0));
      timeline.getJsonArray("seconds").add(ScenarioRunner.round(offsetSeconds + w.startSeconds()));
      timeline.getJsonArray("okPerSecond").add(ScenarioRunner.round(w.ok() / length));
      timeline.getJsonArray("othersPerSecond").add(ScenarioRunner.round(w.others() / length));
      timeline.getJsonArray("p50Ms").add(w.ok() > 0 ? ScenarioRunner.round(w.okP50Ms()) : null);
      timeline.getJsonArray("p99Ms").add(w.ok() > 0 ? ScenarioRunner.round(w.okP99Ms()) : null);
    }
    return timeline;
  }

  /** Adds {@code r}'s 2xx per second into {@code timeline}'s, second by second (a mix's other loads). */
  static void addThroughput(JsonObject timeline, LoadResult r) {
    JsonObject other = of(r, 0);
    JsonArray ok = timeline.getJsonArray("okPerSecond");
    JsonArray more = other.getJsonArray("okPerSecond");
    for (int i = 0; i < ok.size() && i < more.size(); i++) {
      ok.set(i, ScenarioRunner.round(ok.getDouble(i) + more.getDouble(i)));
    }
  }

  /** The latency-by-percentile curve of 2xx answers, in ms. */
  static JsonObject percentiles(Histogram success) {
    JsonArray ps = new JsonArray();
    JsonArray ms = new JsonArray();
    for (double p : PERCENTILES) {
      ps.add(p);
      ms.add(success.getTotalCount() == 0 ? null : ScenarioRunner.round(LoadResult.ms(success, p)));
    }
    return new JsonObject().put("percentile", ps).put("ms", ms);
  }

  /** The same curve from a few exact latencies (a burst), sorted ascending. */
  static JsonObject percentiles(List<Double> sortedMs) {
    JsonArray ps = new JsonArray();
    JsonArray ms = new JsonArray();
    for (double p : PERCENTILES) {
      int index = (int) Math.ceil(p / 100.0 * sortedMs.size()) - 1;
      ps.add(p);
      ms.add(sortedMs.get(Math.max(0, Math.min(sortedMs.size() - 1, index))));
    }
    return new JsonObject().put("percentile", ps).put("ms", ms);
  }
}
