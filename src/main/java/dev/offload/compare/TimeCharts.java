package dev.offload.compare;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The report's charts of one scenario as data: over time (2xx per second, latency per second, the server's pools, the
 * probe), by percentile, and for a ramp against the offered rate. Each is one x axis shared by its series, so the
 * page draws it with uPlot and prints the same numbers as a table beside it.
 */
final class TimeCharts {
  static final String[] COLORS = {"#3b6ea8", "#d1495b", "#edae49", "#66a182", "#8d6cab", "#2e4057", "#e07a5f",
      "#00798c", "#9c6644", "#6a994e"};

  private final String scenario;
  private final Map<String, JsonObject> results;
  private final List<String> allStrategies;

  /** {@code allStrategies}: every strategy of the report in order, so each keeps its colour on every chart. */
  TimeCharts(String scenario, Map<String, JsonObject> results, List<String> allStrategies) {
    this.scenario = scenario;
    this.results = results;
    this.allStrategies = allStrategies;
  }

  List<JsonObject> all() {
    List<JsonObject> charts = new ArrayList<>();
    boolean burst = results.values().stream().anyMatch(r -> "burst".equals(r.getString("type")));
    if (burst) {
      add(charts, burstRequests());
    } else {
      add(charts, overTime("throughput-time", "2xx answers per second over the run", "answers/s",
          r -> r.getJsonObject("timeline"), new String[] {"okPerSecond"}));
      add(charts, overTime("latency-time", "2xx latency per second over the run (ms): p99 solid, p50 dashed", "ms",
          r -> r.getJsonObject("timeline"), new String[] {"p99Ms", "p50Ms"}));
      add(charts, pools());
    }
    add(charts, overTime("probe-time", "probe /health latency per second (ms): p99 solid, p50 dashed", "ms",
        r -> r.getJsonObject("probe") == null ? null : r.getJsonObject("probe").getJsonObject("timeline"),
        new String[] {"p99Ms", "p50Ms"}));
    if (!burst) {
      add(charts, percentiles());
    }
    if (results.values().stream().anyMatch(r -> "ramp".equals(r.getString("type")))) {
      add(charts, ramp("ramp-p99", "p99 of 2xx against the offered rate (ms); dashed: each capacity", "p99Ms"));
      add(charts, ramp("ramp-goodput", "2xx per second against the offered rate; dashed: each capacity",
          "completedPerSecond"));
    }
    return charts;
  }

  /** Keeps a chart that has something to draw: a line needs two x values (a burst's one-second probe has one). */
  private static void add(List<JsonObject> charts, JsonObject chart) {
    if (chart != null && !chart.getJsonArray("series").isEmpty()
        && chart.getJsonArray("data").getJsonArray(0).size() >= 2) {
      charts.add(chart);
    }
  }

  private interface Part {
    JsonObject of(JsonObject result);
  }

  /** Series per strategy (and per field, the second dashed) over the seconds of each one's timeline. */
  private JsonObject overTime(String id, String title, String unit, Part part, String[] fields) {
    Chart chart = new Chart(id, title, "seconds into the run", unit, "time");
    for (Map.Entry<String, JsonObject> e : results.entrySet()) {
      JsonObject timeline = part.of(e.getValue());
      if (timeline == null || timeline.getJsonArray("seconds").isEmpty()) {
        continue;
      }
      for (int f = 0; f < fields.length; f++) {
        String label = e.getKey() + (fields.length > 1 ? " " + fields[f].replace("Ms", "") : "");
        chart.series(label, color(e.getKey()), f > 0, timeline.getJsonArray("seconds"),
            timeline.getJsonArray(fields[f]));
      }
    }
    return chart.json();
  }

  /** Running (solid) and queued (dashed) of each busy pool, per strategy, on the sampler's 250 ms grid. */
  private JsonObject pools() {
    Chart chart = new Chart("pools-time", "server pools, from /stats every 250 ms: running solid, queued dashed",
        "seconds into the run", "requests", "time");
    for (Map.Entry<String, JsonObject> e : results.entrySet()) {
      JsonObject samples = e.getValue().getJsonObject("poolTimeline");
      if (samples == null) {
        continue;
      }
      JsonObject pools = samples.getJsonObject("pools");
      for (String pool : pools.fieldNames()) {
        for (String what : new String[] {"running", "queued"}) {
          chart.series(e.getKey() + " · " + pool + " " + what, color(e.getKey()), what.equals("queued"),
              samples.getJsonArray("seconds"), pools.getJsonObject(pool).getJsonArray(what));
        }
      }
    }
    return chart.json();
  }

  private JsonObject percentiles() {
    Chart chart = new Chart("percentiles", "2xx latency by percentile (ms), log scale", "percentile", "ms",
        "percentile");
    for (Map.Entry<String, JsonObject> e : results.entrySet()) {
      JsonObject curve = e.getValue().getJsonObject("percentiles");
      if (curve != null) {
        chart.series(e.getKey(), color(e.getKey()), false, curve.getJsonArray("percentile"), curve.getJsonArray("ms"));
      }
    }
    return chart.json();
  }

  private JsonObject burstRequests() {
    Chart chart = new Chart("burst-requests", "each request's latency (ms), fastest to slowest", "request", "ms",
        "linear");
    for (Map.Entry<String, JsonObject> e : results.entrySet()) {
      JsonArray requests = e.getValue().getJsonArray("requests");
      if (requests == null) {
        continue;
      }
      List<Double> sorted = new ArrayList<>();
      for (Object o : requests) {
        sorted.add(((JsonObject) o).getDouble("latencyMs"));
      }
      sorted.sort(Double::compare);
      JsonArray xs = new JsonArray();
      for (int i = 1; i <= sorted.size(); i++) {
        xs.add(i);
      }
      chart.series(e.getKey(), color(e.getKey()), false, xs, new JsonArray(new ArrayList<>(sorted)));
    }
    return chart.json();
  }

  private JsonObject ramp(String id, String title, String field) {
    Chart chart = new Chart(id, title, "offered requests per second", field.equals("p99Ms") ? "ms" : "answers/s",
        "linear");
    for (Map.Entry<String, JsonObject> e : results.entrySet()) {
      JsonArray steps = e.getValue().getJsonArray("steps");
      if (steps == null) {
        continue;
      }
      JsonArray xs = new JsonArray();
      JsonArray ys = new JsonArray();
      for (Object o : steps) {
        xs.add(((JsonObject) o).getValue("ratePerSecond"));
        ys.add(((JsonObject) o).getValue(field));
      }
      chart.series(e.getKey(), color(e.getKey()), false, xs, ys);
      Object capacity = e.getValue().getValue("capacityPerSecond");
      if (capacity instanceof Number) {
        chart.mark(((Number) capacity).doubleValue(), color(e.getKey()), e.getKey() + " capacity");
      }
      if (field.equals("p99Ms") && e.getValue().getValue("targetP99Ms") instanceof Number) {
        chart.level(e.getValue().getDouble("targetP99Ms"), "target p99");
      }
    }
    return chart.json();
  }

  private String color(String strategy) {
    int index = allStrategies.indexOf(strategy);
    return COLORS[Math.max(0, index) % COLORS.length];
  }

  /** One chart being built: series arrive with their own x values and are aligned on the union of them. */
  private final class Chart {
    private final JsonObject json;
    private final List<JsonObject> series = new ArrayList<>();
    private final List<Map<Double, Object>> points = new ArrayList<>();
    private final TreeSet<Double> xs = new TreeSet<>();
    private final JsonArray marks = new JsonArray();

    Chart(String id, String title, String xLabel, String yLabel, String xKind) {
      json = new JsonObject().put("id", scenario + "/" + id).put("kind", id).put("scenario", scenario)
          .put("title", title).put("xLabel", xLabel).put("yLabel", yLabel).put("xKind", xKind);
    }

    void series(String label, String color, boolean dashed, JsonArray x, JsonArray y) {
      Map<Double, Object> byX = new java.util.HashMap<>();
      for (int i = 0; i < x.size() && i < y.size(); i++) {
        double at = ((Number) x.getValue(i)).doubleValue();
        xs.add(at);
        byX.put(at, y.getValue(i));
      }
      series.add(new JsonObject().put("label", label).put("color", color).put("dashed", dashed));
      points.add(byX);
    }

    void mark(double x, String color, String label) {
      marks.add(new JsonObject().put("x", x).put("color", color).put("label", label));
    }

    void level(double y, String label) {
      json.put("level", new JsonObject().put("y", y).put("label", label));
    }

    JsonObject json() {
      JsonArray data = new JsonArray().add(new JsonArray(new ArrayList<>(xs)));
      for (Map<Double, Object> byX : points) {
        JsonArray ys = new JsonArray();
        for (double x : xs) {
          ys.add(byX.get(x));
        }
        data.add(ys);
      }
      return json.put("series", new JsonArray(new ArrayList<>(series))).put("data", data).put("marks", marks);
    }
  }
}
