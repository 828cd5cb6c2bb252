package dev.offload.compare;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One strategy's rows of every round made into its row of the report: per scenario, the round whose p99 is the
 * median stands for it (its counts, p90, p99.9, max and charts stay together), with the headline figures (ok/s, p50,
 * p99, probe p99, a ramp's capacity) replaced by their medians over the rounds and a {@code spread} of each (median,
 * min, max and, from five rounds, the bootstrap 95% interval of the median). Every round's own results stay in
 * {@code roundResults}.
 */
final class Repeats {
  /** The figures repeated rounds summarise: the key in {@code spread}, and where the figure is in a result. */
  static final List<String[]> FIGURES = List.of(
      new String[] {"okPerSecond", "completedPerSecond"},
      new String[] {"p50Ms", "latencyMs", "p50"},
      new String[] {"p99Ms", "latencyMs", "p99"},
      new String[] {"probeP99Ms", "probe", "p99Ms"},
      new String[] {"capacityPerSecond", "capacityPerSecond"});

  private Repeats() {
  }

  static JsonObject combine(List<JsonObject> rounds) {
    if (rounds.size() == 1) {
      return rounds.get(0);
    }
    List<JsonObject> ok = rounds.stream().filter(r -> "ok".equals(r.getString("status"))).toList();
    if (ok.isEmpty()) {
      return rounds.get(0).put("rounds", rounds.size());
    }
    JsonObject row = ok.get(0).copy().put("rounds", rounds.size()).put("okRounds", ok.size());
    // When each round of this strategy began, in round order: the interleaving can be read off the report.
    JsonArray starts = new JsonArray();
    rounds.forEach(r -> starts.add(r.getValue("startedAtMs")));
    row.put("roundStartedAtMs", starts);
    JsonArray failures = new JsonArray();
    for (JsonObject r : rounds) {
      if (!"ok".equals(r.getString("status"))) {
        failures.add(r.getString("error"));
      }
    }
    if (!failures.isEmpty()) {
      row.put("failedRounds", failures);
    }
    JsonObject results = new JsonObject();
    JsonArray roundResults = new JsonArray();
    for (JsonObject r : ok) {
      roundResults.add(r.getJsonObject("results"));
    }
    for (String scenario : row.getJsonObject("results").fieldNames()) {
      List<JsonObject> measured = new ArrayList<>();
      for (JsonObject r : ok) {
        JsonObject one = r.getJsonObject("results").getJsonObject(scenario);
        if (one != null && one.containsKey("latencyMs")) {
          measured.add(one);
        }
      }
      results.put(scenario, measured.isEmpty() ? row.getJsonObject("results").getJsonObject(scenario)
          : summary(measured));
    }
    List<Double> rss = new ArrayList<>();
    ok.forEach(r -> {
      if (r.getValue("peakRssMib") instanceof Number) {
        rss.add(r.getDouble("peakRssMib"));
      }
    });
    if (!rss.isEmpty()) {
      row.put("peakRssMib", ScenarioRunner.round(Statistics.median(rss)));
    }
    return row.put("results", results).put("roundResults", roundResults);
  }

  /** The median-p99 round, its figures replaced by the medians over all measured rounds, with their spread. */
  private static JsonObject summary(List<JsonObject> measured) {
    List<JsonObject> byP99 = new ArrayList<>(measured);
    byP99.sort(Comparator.comparingDouble(r -> value(r, FIGURES.get(2)) == null ? 0 : value(r, FIGURES.get(2))));
    JsonObject out = byP99.get((byP99.size() - 1) / 2).copy();
    JsonObject spread = new JsonObject();
    for (String[] figure : FIGURES) {
      List<Double> values = new ArrayList<>();
      for (JsonObject r : measured) {
        Double v = value(r, figure);
        if (v != null) {
          values.add(v);
        }
      }
      if (values.isEmpty()) {
        continue;
      }
      Statistics.Spread s = Statistics.spread(values);
      spread.put(figure[0], json(s));
      JsonObject holder = figure.length == 2 ? out : out.getJsonObject(figure[1]);
      if (holder != null) {
        holder.put(figure[figure.length - 1], ScenarioRunner.round(s.median()));
      }
    }
    return out.put("rounds", measured.size()).put("spread", spread);
  }

  /** The figure whose {@code spread} key is {@code key}. */
  static String[] figure(String key) {
    return FIGURES.stream().filter(f -> f[0].equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no figure " + key));
  }

  /**
   * One figure of a result, or null where it has none: a latency with no 2xx answer to measure (its 0 is no
   * figure), a probe that got no answer, a capacity outside a ramp. A ramp where no step held has capacity 0.
   */
  static Double value(JsonObject result, String[] figure) {
    if (figure[1].equals("latencyMs") && count(result.getJsonObject("status"), "2xx") == 0) {
      return null;
    }
    if (figure[1].equals("probe") && count(result.getJsonObject("probe"), "ok") == 0) {
      return null;
    }
    if (figure[1].equals("capacityPerSecond")) {
      return result.containsKey("steps") ? (result.getValue(figure[1]) instanceof Number n ? n.doubleValue() : 0.0)
          : null;
    }
    Object v = figure.length == 2 ? result.getValue(figure[1])
        : result.getJsonObject(figure[1]) == null ? null : result.getJsonObject(figure[1]).getValue(figure[2]);
    return v instanceof Number ? ((Number) v).doubleValue() : null;
  }

  private static long count(JsonObject counts, String key) {
    return counts == null || !(counts.getValue(key) instanceof Number) ? 0 : counts.getLong(key);
  }

  static JsonObject json(Statistics.Spread s) {
    JsonObject out = new JsonObject().put("n", s.n()).put("median", ScenarioRunner.round(s.median()))
        .put("min", ScenarioRunner.round(s.min())).put("max", ScenarioRunner.round(s.max()));
    if (s.ciLow() != null) {
      out.put("ci95", new JsonArray().add(ScenarioRunner.round(s.ciLow())).add(ScenarioRunner.round(s.ciHigh())));
    }
    return out;
  }

  /** A spread back from the report's JSON (the views read it there). */
  static Statistics.Spread spread(JsonObject json) {
    JsonArray ci = json.getJsonArray("ci95");
    return new Statistics.Spread(json.getInteger("n"), json.getDouble("median"), json.getDouble("min"),
        json.getDouble("max"), ci == null ? null : ci.getDouble(0), ci == null ? null : ci.getDouble(1));
  }
}
