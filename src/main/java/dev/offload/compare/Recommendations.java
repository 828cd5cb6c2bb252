package dev.offload.compare;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One strategy per route the scenarios exercised, chosen from the tiers ({@link Tiers}): the fewest figures where
 * it is to avoid, then the fewest where it is outside the best group, then the fewest platform threads its route's
 * pool holds (a virtual thread's: its carriers),
 * then the least peak memory, then the order of the compare file. Only entries that a config can hold are candidates:
 * external targets and cluster fronts (which need their worker nodes) are left out. Rule and reasons:
 * docs/compare.md, "Recommendations".
 */
final class Recommendations {
  private Recommendations() {
  }

  /** Peak memories within 5% of each other are the same: JVMs of one run with one config differ by that much. */
  static final double RSS_MARGIN = 0.05;

  /** How one candidate stood on one route's figures, and what it costs. */
  record Standing(String name, int index, JsonObject routeSettings, int avoided, int outside, int figures,
      int threads, double peakRssMib) {
    static final Comparator<Standing> BY_FIGURES_THEN_THREADS = Comparator.comparingInt(Standing::avoided)
        .thenComparingInt(Standing::outside).thenComparingInt(Standing::threads).thenComparingInt(Standing::index);

    /** Same avoid and best-group counts: the two cannot be told apart on this route's figures. */
    boolean tiedWith(Standing other) {
      return avoided == other.avoided && outside == other.outside;
    }

    /** A route in a pool of its own cannot slow the others; event loops, carriers, the default pool are shared. */
    boolean ownPool() {
      String strategy = routeSettings.getString("strategy", "");
      return strategy.equals("worker-pool") || strategy.equals("worker-verticle");
    }

    boolean lessMemoryThan(Standing other) {
      return peakRssMib * (1 + RSS_MARGIN) < other.peakRssMib;
    }
  }

  /**
   * The candidates best first: by avoid marks, best groups and threads; among those equal on all three, the least
   * memory (within {@link #RSS_MARGIN}), then a pool of its own, then the compare file's order.
   */
  static List<Standing> ranked(List<Standing> standings) {
    List<Standing> out = new ArrayList<>(standings);
    out.sort(Standing.BY_FIGURES_THEN_THREADS);
    Standing first = out.get(0);
    List<Standing> cheapest = out.stream().filter(s -> s.tiedWith(first) && s.threads() == first.threads()).toList();
    double leastRss = cheapest.stream().mapToDouble(Standing::peakRssMib).min().orElse(first.peakRssMib());
    Standing chosen = cheapest.stream().filter(s -> s.peakRssMib() <= leastRss * (1 + RSS_MARGIN))
        .min(Comparator.comparingInt((Standing s) -> s.ownPool() ? 0 : 1).thenComparingInt(Standing::index))
        .orElse(first);
    out.remove(chosen);
    out.add(0, chosen);
    return out;
  }

  /**
   * {@code {"cpu": {"strategy", "reason", "scenarios", "inBestGroup", "figures", "avoided", "route"}, …}}: per route
   * in the order the scenarios first load it; {@code strategy} is null (with the reason) where no candidate ran.
   */
  static JsonObject of(JsonObject report) {
    JsonObject verdicts = report.getJsonObject("verdicts", new JsonObject()).getJsonObject("scenarios",
        new JsonObject());
    JsonObject out = new JsonObject();
    for (Map.Entry<String, List<String>> route : routes(report).entrySet()) {
      List<Standing> standings = standings(report, verdicts, route.getKey(), route.getValue());
      out.put(route.getKey(), standings.isEmpty()
          ? new JsonObject().put("strategy", (String) null).put("scenarios", new JsonArray(route.getValue()))
              .put("reason", "no strategy entry that a config can hold ran here (external targets and cluster fronts"
                  + " are not recommended)")
          : recommendation(report, verdicts, route.getKey(), route.getValue(), standings));
    }
    return out;
  }

  private static JsonObject recommendation(JsonObject report, JsonObject verdicts, String route,
      List<String> scenarios, List<Standing> standings) {
    standings = ranked(standings);
    Standing chosen = standings.get(0);
    return new JsonObject().put("strategy", chosen.name()).put("scenarios", new JsonArray(scenarios))
        .put("inBestGroup", chosen.figures() - chosen.outside()).put("figures", chosen.figures())
        .put("avoided", chosen.avoided()).put("threads", chosen.threads())
        .put("route", chosen.routeSettings().copy())
        .put("reason", RecommendationReason.of(report, verdicts, route, scenarios, standings));
  }

  /** Each route a scenario loads, with the scenarios that load it, in the order they first appear. */
  static Map<String, List<String>> routes(JsonObject report) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Object o : report.getJsonArray("scenarios", new JsonArray())) {
      JsonObject scenario = (JsonObject) o;
      List<String> loaded = new ArrayList<>();
      if (scenario.containsKey("loads")) {
        scenario.getJsonArray("loads").forEach(l -> loaded.add(((JsonObject) l).getString("route")));
      } else {
        loaded.add(scenario.getString("route"));
      }
      for (String route : loaded) {
        List<String> names = out.computeIfAbsent(route, r -> new ArrayList<>());
        if (!names.contains(scenario.getString("name"))) {
          names.add(scenario.getString("name"));
        }
      }
    }
    return out;
  }

  private static List<Standing> standings(JsonObject report, JsonObject verdicts, String route,
      List<String> scenarios) {
    List<Standing> out = new ArrayList<>();
    JsonArray rows = report.getJsonArray("strategies", new JsonArray());
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      JsonObject settings = routeSettings(row, route);
      if (!"ok".equals(row.getString("status")) || row.getBoolean("external", false) || row.containsKey("workers")
          || settings == null) {
        continue;
      }
      String name = row.getString("name");
      int avoided = 0;
      int outside = 0;
      int figures = 0;
      for (String scenario : scenarios) {
        JsonObject byFigure = verdicts.getJsonObject(scenario, new JsonObject());
        for (String figure : byFigure.fieldNames()) {
          JsonObject v = byFigure.getJsonObject(figure);
          figures++;
          if (!inBestGroup(v, name)) {
            // Not measured there counts as outside: nothing says it was as good.
            outside++;
            JsonObject other = find(v.getJsonArray("others"), name);
            if (other != null && Boolean.TRUE.equals(other.getBoolean("avoid"))) {
              avoided++;
            }
          }
        }
      }
      out.add(new Standing(name, i, settings, avoided, outside, figures, threads(report, row, settings),
          row.getDouble("peakRssMib", Double.MAX_VALUE)));
    }
    return out;
  }

  /** The entry's settings for the route, or null when its config has none. */
  static JsonObject routeSettings(JsonObject row, String route) {
    JsonObject config = row.getJsonObject("config");
    return config == null ? null : config.getJsonObject("routes", new JsonObject()).getJsonObject(route);
  }

  /** Which admission pool a route's strategy runs in: the label /stats lists it under. */
  static String poolLabel(JsonObject routeSettings) {
    return switch (routeSettings.getString("strategy", "")) {
      case "event-loop" -> "event-loop";
      case "execute-blocking" -> "default";
      case "virtual-thread" -> "virtual";
      default -> routeSettings.getString("pool");
    };
  }

  /**
   * The platform threads the route's pool holds, as the entry's /stats gave them; for virtual threads their carriers
   * (one per core), which a task that computes holds while it runs; none for the event loops, which exist anyway.
   */
  private static int threads(JsonObject report, JsonObject row, JsonObject settings) {
    String label = poolLabel(settings);
    if ("virtual".equals(label)) {
      return report.getInteger("cores", Runtime.getRuntime().availableProcessors());
    }
    JsonObject pool = poolStats(row, settings);
    Integer threads = pool == null ? null : pool.getInteger("threads");
    return threads == null ? 0 : threads;
  }

  /** The route's pool as the entry's last /stats gave it, or null. */
  static JsonObject poolStats(JsonObject row, JsonObject settings) {
    String label = poolLabel(settings);
    return label == null ? null : row.getJsonObject("finalStats", new JsonObject()).getJsonObject("pools",
        new JsonObject()).getJsonObject(label);
  }

  /** The report's row of a strategy entry, or null. */
  static JsonObject row(JsonObject report, String name) {
    return find(report.getJsonArray("strategies"), name);
  }

  /** Little's law's completions per second for the entry in the scenario (a sleep load), or null. */
  static Double predicted(JsonObject row, String scenario) {
    JsonObject result = row == null ? null : row.getJsonObject("results", new JsonObject()).getJsonObject(scenario);
    return result == null ? null : result.getDouble("predictedPerSecond");
  }

  static boolean inBestGroup(JsonObject verdict, String name) {
    return verdict.getJsonArray("best", new JsonArray()).contains(name);
  }

  /** A best-group member's value in a verdict (the best's own, or its member entry's); null outside the group. */
  static Object valueInBestGroup(JsonObject verdict, String name) {
    if (name.equals(verdict.getString("bestName"))) {
      return verdict.getValue("bestValue");
    }
    JsonObject member = find(verdict.getJsonArray("members"), name);
    return member == null ? null : member.getValue("value");
  }

  static JsonObject find(JsonArray entries, String name) {
    if (entries == null) {
      return null;
    }
    for (Object o : entries) {
      if (name.equals(((JsonObject) o).getString("name"))) {
        return (JsonObject) o;
      }
    }
    return null;
  }
}
