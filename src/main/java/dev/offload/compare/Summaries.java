package dev.offload.compare;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's tables beside the main one, the same for Markdown and HTML: each figure's spread over the rounds, what
 * calibration chose, and the load generator's own health (the verdicts are {@link VerdictText}'s).
 */
final class Summaries {
  static final List<String> SPREAD_HEADER = List.of("strategy", "scenario", "rounds", "ok/s", "p50 ms", "p99 ms",
      "probe p99 ms", "capacity/s");
  static final List<String> CALIBRATION_HEADER = List.of("strategy", "param", "value", "single request ms",
      "target ms");
  static final List<String> GENERATOR_HEADER = List.of("strategy", "scenario", "schedule lag p99 ms",
      "connection wait p99 ms", "probe schedule lag p99 ms", "probe connection wait p99 ms");

  private Summaries() {
  }

  /** Median [min–max], and the 95% interval of the median where there is one; empty when nothing was repeated. */
  static List<List<String>> spread(JsonObject report) {
    List<List<String>> rows = new ArrayList<>();
    forEachResult(report, (strategy, scenario, r) -> {
      JsonObject spread = r.getJsonObject("spread");
      if (spread == null) {
        return;
      }
      rows.add(List.of(strategy, scenario, Rows.num(r.getValue("rounds")), cell(spread, "okPerSecond"),
          cell(spread, "p50Ms"), cell(spread, "p99Ms"), cell(spread, "probeP99Ms"), cell(spread, "capacityPerSecond")));
    });
    return rows;
  }

  static List<List<String>> calibration(JsonObject report) {
    List<List<String>> rows = new ArrayList<>();
    for (Object o : report.getJsonArray("strategies")) {
      JsonObject s = (JsonObject) o;
      JsonObject c = s.getJsonObject("calibration");
      if (c != null && c.containsKey("error")) {
        rows.add(List.of(s.getString("name"), c.getString("route") + "." + c.getString("param"), "-",
            c.getString("error"), "-"));
      } else if (c != null) {
        rows.add(List.of(s.getString("name"), c.getString("route") + "." + c.getString("param"),
            Rows.num(c.getValue("value")), Rows.num(c.getValue("singleMs"))
                + (Boolean.FALSE.equals(c.getBoolean("converged")) ? " (did not converge)" : ""),
            Rows.num(c.getValue("targetMs"))));
      }
    }
    return rows;
  }

  static List<List<String>> generator(JsonObject report) {
    List<List<String>> rows = new ArrayList<>();
    forEachResult(report, (strategy, scenario, r) -> {
      JsonObject probe = r.getJsonObject("probe", new JsonObject());
      rows.add(List.of(strategy, scenario, Rows.num(r.getValue("generatorScheduleLagP99Ms")),
          Rows.num(r.getValue("connectionWaitP99Ms")), Rows.num(probe.getValue("scheduleLagP99Ms")),
          Rows.num(probe.getValue("connectionWaitP99Ms"))));
    });
    return rows;
  }

  /** "name: 1 of 3 rounds failed (reason; …)" for each strategy that lost rounds. */
  static List<String> failedRounds(JsonObject report) {
    List<String> out = new ArrayList<>();
    for (Object o : report.getJsonArray("strategies")) {
      JsonObject s = (JsonObject) o;
      if (s.getJsonArray("failedRounds") != null) {
        out.add(s.getString("name") + ": " + s.getJsonArray("failedRounds").size() + " of " + s.getInteger("rounds")
            + " rounds failed (" + String.join("; ", s.getJsonArray("failedRounds").stream().map(String::valueOf)
            .toList()) + "); its figures are of the others");
      }
    }
    return out;
  }

  private static String cell(JsonObject spread, String key) {
    JsonObject s = spread.getJsonObject(key);
    if (s == null) {
      return "-";
    }
    String out = Rows.num(s.getValue("median")) + " [" + Rows.num(s.getValue("min")) + "–"
        + Rows.num(s.getValue("max")) + "]";
    if (s.getJsonArray("ci95") != null) {
      out += " ci " + Rows.num(s.getJsonArray("ci95").getValue(0)) + "–" + Rows.num(s.getJsonArray("ci95").getValue(1));
    }
    return out;
  }

  private interface ResultVisitor {
    void visit(String strategy, String scenario, JsonObject result);
  }

  /** Every measured result of the report, in order. */
  private static void forEachResult(JsonObject report, ResultVisitor visitor) {
    for (Object o : report.getJsonArray("strategies")) {
      JsonObject s = (JsonObject) o;
      if (!"ok".equals(s.getString("status"))) {
        continue;
      }
      JsonObject results = s.getJsonObject("results");
      for (String scenario : results.fieldNames()) {
        JsonObject r = results.getJsonObject(scenario);
        if (r.containsKey("latencyMs")) {
          visitor.visit(s.getString("name"), scenario, r);
        }
      }
    }
  }
}
