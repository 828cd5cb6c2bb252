package dev.offload.compare;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The tiers ({@link Tiers}) in words, the same for the terminal, Markdown and HTML: the avoid-list and the table. */
final class VerdictText {
  static final List<String> HEADER = List.of("scenario", "figure", "best group (cannot be told apart)",
      "worse than the best: ratio, interval");

  private VerdictText() {
  }

  /** What the recommendations are, in one line above them. */
  static final String RECOMMENDED_INTRO = "Recommended, one strategy per route (rule: docs/compare.md,"
      + " Recommendations):";

  /** "cpu: use worker-pool — reason" per route, then what became of recommended-config.json. */
  static List<String> recommendations(JsonObject report) {
    List<String> out = new ArrayList<>();
    JsonObject recommendations = report.getJsonObject("verdicts", new JsonObject()).getJsonObject("recommendations",
        new JsonObject());
    for (String route : recommendations.fieldNames()) {
      JsonObject r = recommendations.getJsonObject(route);
      out.add(route + ": " + (r.getString("strategy") == null ? "no recommendation" : "use " + r.getString("strategy"))
          + " — " + r.getString("reason"));
    }
    JsonObject config = report.getJsonObject("recommendedConfig");
    if (config != null) {
      out.add(config.containsKey("error") ? "no " + ReportWriter.FILE + ": " + config.getString("error")
          : ReportWriter.FILE + " beside this report is the base config with these routes; ./run.sh --config takes"
              + " it as it is");
      config.getJsonArray("notes", new JsonArray()).forEach(note -> out.add(String.valueOf(note)));
    }
    return out;
  }

  /** The verdict's list as the reports open with it: the avoid sentences, or one line saying there are none. */
  static List<String> avoidOrNone(JsonObject report) {
    List<String> avoid = avoid(report);
    return avoid.isEmpty()
        ? List.of("No strategy is to avoid: none is worse than the best by the avoid margin on any figure.") : avoid;
  }

  /** A sentence per strategy to avoid in a scenario, with the figure that says so. */
  static List<String> avoid(JsonObject report) {
    List<String> out = new ArrayList<>();
    forEach(report, (scenario, figure, v) -> {
      for (Object o : v.getJsonArray("others")) {
        JsonObject other = (JsonObject) o;
        if (!Boolean.TRUE.equals(other.getBoolean("avoid"))) {
          continue;
        }
        if (other.getString("missing") != null) {
          out.add("avoid " + other.getString("name") + " in " + scenario + ": " + other.getString("missing"));
          continue;
        }
        out.add("avoid " + other.getString("name") + " in " + scenario + ": " + figure + " " + value(other, v)
            + " against " + value(v.getValue("bestValue"), v) + " on " + v.getString("bestName") + ", "
            + ratio(other, v) + rounds(other));
      }
    });
    return out;
  }

  /** A row per scenario and figure: the best group with the best's value, then the others, worst last. */
  static List<List<String>> rows(JsonObject report) {
    List<List<String>> rows = new ArrayList<>();
    forEach(report, (scenario, figure, v) -> {
      List<String> best = new ArrayList<>();
      for (Object name : v.getJsonArray("best")) {
        best.add(String.valueOf(name));
      }
      String bestCell = best.isEmpty() ? "no strategy measured"
          : String.join(", ", best) + " (best " + value(v.getValue("bestValue"), v) + ")";
      List<String> others = new ArrayList<>();
      for (Object o : v.getJsonArray("others")) {
        JsonObject other = (JsonObject) o;
        String mark = Boolean.TRUE.equals(other.getBoolean("avoid")) ? " AVOID" : "";
        others.add(other.getString("missing") != null ? other.getString("name") + ": " + other.getString("missing")
            + mark : other.getString("name") + " " + value(other, v) + ": " + ratio(other, v) + rounds(other) + mark);
      }
      rows.add(List.of(scenario, figure, bestCell, others.isEmpty() ? "-" : String.join("; ", others)));
    });
    return rows;
  }

  /** "3.1× worse p99 (95% interval 2.6–3.8×)" or "0.40× the throughput (…)", at the figure's own confidence. */
  static String ratio(JsonObject other, JsonObject v) {
    JsonArray interval = other.getJsonArray("interval");
    String range = interval == null ? "" : " (" + percent(v) + " interval " + times(interval.getValue(0)) + "–"
        + times(interval.getValue(1)) + ")";
    return Boolean.TRUE.equals(v.getBoolean("lowerIsBetter"))
        ? times(other.getValue("ratio")) + " worse" + range
        : times(other.getValue("ratio")) + " of the best" + range;
  }

  private static String rounds(JsonObject other) {
    return other.getInteger("rounds", 0) == 1 ? ", one round" : "";
  }

  private static String percent(JsonObject v) {
    double c = v.getDouble("confidence", 0.95) * 100;
    return (c == Math.rint(c) ? String.format(Locale.ROOT, "%.0f", c) : String.format(Locale.ROOT, "%.2f", c)) + "%";
  }

  private static String times(Object v) {
    if (!(v instanceof Number n)) {
      return "-";
    }
    double d = n.doubleValue();
    return (d >= 10 ? String.format(Locale.ROOT, "%.0f", d) : d >= 1 ? String.format(Locale.ROOT, "%.1f", d)
        : String.format(Locale.ROOT, "%.2f", d)) + "×";
  }

  private static String value(JsonObject other, JsonObject v) {
    return value(other.getValue("value"), v);
  }

  static String value(Object value, JsonObject v) {
    String unit = v.getString("unit");
    return Rows.num(value) + ("ms".equals(unit) ? " ms" : unit);
  }

  private interface Visitor {
    void visit(String scenario, String figure, JsonObject verdict);
  }

  private static void forEach(JsonObject report, Visitor visitor) {
    JsonObject scenarios = report.getJsonObject("verdicts", new JsonObject()).getJsonObject("scenarios",
        new JsonObject());
    for (String scenario : scenarios.fieldNames()) {
      JsonObject figures = scenarios.getJsonObject(scenario);
      for (String figure : figures.fieldNames()) {
        visitor.visit(scenario, figure, figures.getJsonObject(figure));
      }
    }
  }
}
