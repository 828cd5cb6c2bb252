package dev.offload.compare;

import dev.offload.config.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A compare file's {@code expect}: verdicts whose answer is known from how the strategies work, checked against the
 * tiers after the run. Each names a scenario and a figure, and lists strategies that must be in the best group
 * ({@code best}), outside it ({@code worse}), marked avoid ({@code avoid}), or whose ratio to the best must be what
 * Little's law predicts within {@link #PREDICTED_TOLERANCE} ({@code asPredicted}). A report with an unmet
 * expectation makes compare exit 1.
 */
final class Expectations {
  /** How far a throughput may be from Little's law's (as a fraction of it): the rate's edges and its queue. */
  static final double PREDICTED_TOLERANCE = 0.25;
  static final List<String> CHECKS = List.of("best", "worse", "avoid", "asPredicted");

  /** One expectation as the file gives it. */
  record Expectation(String scenario, String figure, String check, List<String> names) {
  }

  private Expectations() {
  }

  /** The file's {@code expect} array, checked against its scenarios and strategy names. */
  static List<Expectation> parse(JsonArray array, List<Scenario> scenarios, List<CompareSpec.Entry> entries) {
    List<Expectation> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String key = "expect[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject e)) {
        throw new ConfigException(key, "must be an object");
      }
      for (String field : e.fieldNames()) {
        if (!field.equals("scenario") && !field.equals("figure") && !CHECKS.contains(field)) {
          throw new ConfigException(key + "." + field, "unknown key (allowed: scenario, figure, "
              + String.join(", ", CHECKS) + ")");
        }
      }
      Scenario scenario = scenarios.stream().filter(s -> s.name().equals(e.getValue("scenario"))).findFirst()
          .orElseThrow(() -> new ConfigException(key + ".scenario", "must name one of the file's scenarios ("
              + String.join(", ", scenarios.stream().map(Scenario::name).toList()) + ")"));
      List<String> figures = Tiers.figures(scenario instanceof Scenario.Ramp).stream().map(f -> f.label).toList();
      if (!figures.contains(e.getValue("figure"))) {
        throw new ConfigException(key + ".figure", "must be one of " + String.join(", ", figures) + " for "
            + scenario.name());
      }
      Set<String> known = Set.copyOf(entries.stream().map(CompareSpec.Entry::name).toList());
      int checks = 0;
      for (String check : CHECKS) {
        if (!e.containsKey(check)) {
          continue;
        }
        checks++;
        if (!(e.getValue(check) instanceof JsonArray names) || names.isEmpty()) {
          throw new ConfigException(key + "." + check, "must be a non-empty list of strategy names");
        }
        List<String> list = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
          if (!known.contains(names.getValue(j))) {
            throw new ConfigException(key + "." + check + "[" + j + "]", "must name one of the file's strategies");
          }
          list.add(names.getString(j));
        }
        if (check.equals("asPredicted") && !e.getValue("figure").equals(Tiers.Figure.THROUGHPUT.label)) {
          throw new ConfigException(key + ".asPredicted", "Little's law predicts a throughput: use it with figure"
              + " \"throughput\"");
        }
        out.add(new Expectation(scenario.name(), e.getString("figure"), check, List.copyOf(list)));
      }
      if (checks == 0) {
        throw new ConfigException(key, "expects nothing: give best, worse, avoid or asPredicted");
      }
    }
    return out;
  }

  /** {@code {"met", "total", "checks": [{scenario, figure, check, name, met, saw}]}} for the report. */
  static JsonObject check(JsonObject report, List<Expectation> expectations) {
    JsonArray checks = new JsonArray();
    int met = 0;
    JsonObject scenarios = report.getJsonObject("verdicts").getJsonObject("scenarios");
    for (Expectation e : expectations) {
      JsonObject verdict = scenarios.getJsonObject(e.scenario(), new JsonObject()).getJsonObject(e.figure(),
          new JsonObject());
      for (String name : e.names()) {
        JsonObject one = one(report, verdict, e, name);
        met += one.getBoolean("met") ? 1 : 0;
        checks.add(one.put("scenario", e.scenario()).put("figure", e.figure()).put("check", e.check())
            .put("name", name));
      }
    }
    return new JsonObject().put("met", met).put("total", checks.size()).put("checks", checks);
  }

  private static JsonObject one(JsonObject report, JsonObject verdict, Expectation e, String name) {
    boolean inBest = Recommendations.inBestGroup(verdict, name);
    JsonObject other = Recommendations.find(verdict.getJsonArray("others"), name);
    String saw = inBest ? "in the best group"
        : other == null ? "not measured"
        : other.getString("missing") != null ? other.getString("missing")
        : VerdictText.ratio(other, verdict) + (Boolean.TRUE.equals(other.getBoolean("avoid")) ? ", avoid" : "");
    boolean met = switch (e.check()) {
      case "best" -> inBest;
      case "worse" -> other != null;
      case "avoid" -> other != null && Boolean.TRUE.equals(other.getBoolean("avoid"));
      default -> false;
    };
    if (e.check().equals("asPredicted")) {
      Double predicted = Recommendations.predicted(Recommendations.row(report, name), e.scenario());
      Object value = inBest ? Recommendations.valueInBestGroup(verdict, name) : other == null ? null
          : other.getValue("value");
      if (predicted == null) {
        return new JsonObject().put("met", false).put("saw", saw + "; no prediction (not a sleep load?)");
      }
      met = value instanceof Number n && Math.abs(n.doubleValue() - predicted) <= PREDICTED_TOLERANCE * predicted;
      saw += "; " + (value == null ? "-" : Rows.num(value)) + "/s, Little's law predicts " + Rows.num(predicted)
          + "/s";
    }
    return new JsonObject().put("met", met).put("saw", saw);
  }

  /** "3 of 4 expected verdicts came out right" and a line per unmet one. */
  static List<String> lines(JsonObject report) {
    JsonObject expectations = report.getJsonObject("expectations");
    List<String> out = new ArrayList<>();
    if (expectations == null) {
      return out;
    }
    out.add(expectations.getInteger("met") + " of " + expectations.getInteger("total")
        + " expected verdicts came out right");
    for (Object o : expectations.getJsonArray("checks")) {
      JsonObject c = (JsonObject) o;
      if (!c.getBoolean("met")) {
        out.add("NOT MET: " + c.getString("scenario") + " " + c.getString("figure") + ": " + c.getString("name")
            + " expected " + words(c.getString("check")) + ", saw " + c.getString("saw"));
      }
    }
    return out;
  }

  static final List<String> HEADER = List.of("scenario", "figure", "strategy", "expected", "saw", "right");

  /** A row per check, for report.md and report.html. */
  static List<List<String>> rows(JsonObject report) {
    List<List<String>> rows = new ArrayList<>();
    for (Object o : report.getJsonObject("expectations").getJsonArray("checks")) {
      JsonObject c = (JsonObject) o;
      rows.add(List.of(c.getString("scenario"), c.getString("figure"), c.getString("name"),
          words(c.getString("check")), c.getString("saw"), c.getBoolean("met") ? "yes" : "NO"));
    }
    return rows;
  }

  private static String words(String check) {
    return switch (check) {
      case "best" -> "in the best group";
      case "worse" -> "worse than the best";
      case "avoid" -> "to avoid";
      default -> "at the throughput Little's law predicts";
    };
  }
}
