package dev.offload.compare;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The report's table: one row per strategy and scenario, the same cells for the terminal and Markdown. */
final class Rows {
  static final List<String> HEADER = List.of("strategy", "scenario", "ok/s", "p50 ms", "p90 ms", "p99 ms",
      "p99.9 ms", "max ms", "2xx", "503", "504", "other", "probe p99", "inst max/min", "cores", "effic.", "RSS MiB",
      "predicted/s");

  private Rows() {
  }

  static List<List<String>> of(JsonObject report) {
    List<List<String>> rows = new ArrayList<>();
    for (Object o : report.getJsonArray("strategies")) {
      JsonObject s = (JsonObject) o;
      String name = s.getString("name");
      if (!"ok".equals(s.getString("status"))) {
        List<String> row = blank(name, "FAILED: " + s.getString("error"));
        rows.add(row);
        continue;
      }
      JsonObject results = s.getJsonObject("results");
      for (String scenario : results.fieldNames()) {
        JsonObject r = results.getJsonObject(scenario);
        if (r.containsKey("skipped") || r.containsKey("failed")) {
          rows.add(blank(name, scenario + ": " + (r.containsKey("skipped") ? "skipped, " + r.getString("skipped")
              : "failed, " + r.getString("failed"))));
          continue;
        }
        JsonObject lat = r.getJsonObject("latencyMs");
        JsonObject st = r.getJsonObject("status");
        JsonObject probe = r.getJsonObject("probe");
        // A * marks numbers the generator could not trust: the main load's generator fell behind its own schedule
        // (the probe's lag and the connection waits are reported apart, in report.md).
        boolean behind = Boolean.TRUE.equals(r.getBoolean("generatorFellBehind"));
        rows.add(List.of(name, scenario, num(r.getValue("completedPerSecond")) + (behind ? "*" : ""),
            num(lat.getValue("p50")),
            num(lat.getValue("p90")), num(lat.getValue("p99")), num(lat.getValue("p999")), num(lat.getValue("max")),
            num(st.getValue("2xx")), num(st.getValue("503")), num(st.getValue("504")),
            num(st.getLong("other") + st.getLong("errors")),
            probe != null ? num(probe.getValue("p99Ms")) : "-",
            num(r.getValue("instanceMaxOverMin")), num(r.getValue("coresBusy")), num(r.getValue("efficiency")),
            num(s.getValue("peakRssMib")), num(r.getValue("predictedPerSecond"))));
      }
    }
    return rows;
  }

  private static List<String> blank(String name, String text) {
    List<String> row = new ArrayList<>();
    row.add(name);
    row.add(text);
    while (row.size() < HEADER.size()) {
      row.add("");
    }
    return row;
  }

  static String num(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Number) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e12) {
        return Long.toString((long) d);
      }
      return Math.abs(d) >= 100 ? String.format("%.0f", d) : String.format("%.2f", d);
    }
    return v.toString();
  }
}
