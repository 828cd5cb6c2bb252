package dev.offload.compare;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per scenario, the best strategy for p99, for throughput (for a ramp: its capacity) and for probe p99, named only
 * when its interval overlaps no other's and the medians differ by 5% or more (see
 * {@link Statistics#winner}); the report's views print what this finds.
 */
final class Winners {
  /** The figures judged: the key in {@code spread}, how the report names it, and whether lower is better. */
  private static final Object[][] JUDGED = {
      {"p99Ms", "p99", true}, {"okPerSecond", "throughput", false}, {"probeP99Ms", "probe p99", true}};

  private Winners() {
  }

  /** {@code {"scenario": {"p99": "worker-pool", "throughput": "no clear winner (a ≈ b)", …}}}, in scenario order. */
  static Map<String, Map<String, String>> of(JsonObject report) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (Object o : report.getJsonArray("scenarios")) {
      String scenario = ((JsonObject) o).getString("name");
      boolean ramp = "ramp".equals(((JsonObject) o).getString("type"));
      Map<String, String> verdicts = new LinkedHashMap<>();
      for (Object[] judged : JUDGED) {
        // A ramp's throughput is its capacity: its last step was offered a different rate to each strategy.
        Object[] figure = ramp && judged[0].equals("okPerSecond")
            ? new Object[] {"capacityPerSecond", "throughput", false} : judged;
        List<String> names = new ArrayList<>();
        List<Statistics.Spread> spreads = new ArrayList<>();
        for (Object s : report.getJsonArray("strategies")) {
          JsonObject row = (JsonObject) s;
          JsonObject r = row.getJsonObject("results") == null ? null
              : row.getJsonObject("results").getJsonObject(scenario);
          Statistics.Spread spread = spreadOf(r, (String) figure[0]);
          if (spread != null) {
            names.add(row.getString("name"));
            spreads.add(spread);
          }
        }
        verdicts.put((String) figure[1], Statistics.winner(names, spreads, (Boolean) figure[2]).text());
      }
      out.put(scenario, verdicts);
    }
    return out;
  }

  /** A result's spread of one figure; a single round's figure is a spread of one. */
  private static Statistics.Spread spreadOf(JsonObject result, String key) {
    if (result == null || !result.containsKey("latencyMs")) {
      return null;
    }
    JsonObject spread = result.getJsonObject("spread");
    if (spread != null && spread.getJsonObject(key) != null) {
      return Repeats.spread(spread.getJsonObject(key));
    }
    Double v = Repeats.value(result, Repeats.figure(key));
    return v == null ? null : new Statistics.Spread(1, v, v, v, null, null);
  }
}
