package dev.offload.compare;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A recommendation's reason in one line of plain words: the figure that best supports it (the chosen strategy's value
 * against the one it beats by most, and why that one loses where the strategies' mechanics say so), how often the
 * chosen one was in the best group, and what broke a tie.
 */
final class RecommendationReason {
  private RecommendationReason() {
  }

  /** {@code standings} best first; the first is the chosen strategy. */
  static String of(JsonObject report, JsonObject verdicts, String route, List<String> scenarios,
      List<Recommendations.Standing> standings) {
    Recommendations.Standing chosen = standings.get(0);
    List<String> parts = new ArrayList<>();
    String evidence = evidence(report, verdicts, route, chosen.name(), scenarios);
    if (evidence != null) {
      parts.add(evidence);
    } else {
      // In every best group with no one worse: nothing was told apart. Outside some: it is first by the rule alone.
      parts.add(chosen.outside() == 0 ? "no strategy was told apart from another on " + String.join(", ", scenarios)
          : "first by the rule on " + String.join(", ", scenarios) + " (fewest avoid marks, then most best groups)");
    }
    parts.add("in the best group on " + (chosen.figures() - chosen.outside()) + " of " + chosen.figures()
        + " figures of " + String.join(", ", scenarios));
    if (chosen.avoided() > 0) {
      parts.add("marked avoid on " + chosen.avoided() + " of them, as every other candidate is, as often or more");
    }
    String tie = tie(standings);
    if (tie != null) {
      parts.add(tie);
    }
    return String.join("; ", parts);
  }

  /** The chosen strategy's value against the one it beats by the widest margin, avoid-marked ones first. */
  private static String evidence(JsonObject report, JsonObject verdicts, String route, String chosen,
      List<String> scenarios) {
    String best = null;
    // Ranked by: marked avoid, then has a value to show (a missing answer says less than 9 ms against 91), then
    // the widest gap.
    double[] bestRank = {-1, -1, -1};
    for (String scenario : scenarios) {
      JsonObject byFigure = verdicts.getJsonObject(scenario, new JsonObject());
      for (String figure : byFigure.fieldNames()) {
        JsonObject v = byFigure.getJsonObject(figure);
        if (!Recommendations.inBestGroup(v, chosen)) {
          continue;
        }
        for (Object o : v.getJsonArray("others", new JsonArray())) {
          JsonObject other = (JsonObject) o;
          double[] rank = {Boolean.TRUE.equals(other.getBoolean("avoid")) ? 1 : 0,
              other.getString("missing") == null ? 1 : 0, fold(other, v)};
          if (java.util.Arrays.compare(rank, bestRank) > 0) {
            bestRank = rank;
            best = clause(report, route, scenario, figure, v, chosen, other);
          }
        }
      }
    }
    return best;
  }

  /** How many times worse: the latency ratio, or the best throughput over this one; infinite without an answer. */
  private static double fold(JsonObject other, JsonObject v) {
    Number ratio = (Number) other.getValue("ratio");
    if (ratio == null) {
      return Double.POSITIVE_INFINITY;
    }
    if (Boolean.TRUE.equals(v.getBoolean("lowerIsBetter"))) {
      return ratio.doubleValue();
    }
    return ratio.doubleValue() <= 0 ? Double.POSITIVE_INFINITY : 1 / ratio.doubleValue();
  }

  private static String clause(JsonObject report, String route, String scenario, String figure, JsonObject v,
      String chosen, JsonObject other) {
    String name = other.getString("name");
    if (other.getString("missing") != null) {
      return name + " in " + scenario + ": " + other.getString("missing");
    }
    String why = why(report, route, scenario, figure, chosen, name);
    return scenario + " " + figure + " " + VerdictText.value(Recommendations.valueInBestGroup(v, chosen), v)
        + " against "
        + VerdictText.value(other.getValue("value"), v) + " on " + name + (why.isEmpty() ? "" : ", " + why);
  }

  /**
   * Why the other strategy loses, where how it runs work says so: event loops stalled, one task at a time per
   * instance (ordered), or a pool whose size caps the rate by Little's law; empty where the figures alone say it.
   */
  static String why(JsonObject report, String route, String scenario, String figure, String chosen, String other) {
    JsonObject otherRow = Recommendations.row(report, other);
    JsonObject settings = otherRow == null ? null : Recommendations.routeSettings(otherRow, route);
    if (settings == null) {
      return "";
    }
    if ("event-loop".equals(settings.getString("strategy"))) {
      return "which runs the work on its event loops and stalls them";
    }
    if ("execute-blocking".equals(settings.getString("strategy")) && settings.getBoolean("ordered", false)) {
      return "which runs one task at a time per HTTP instance";
    }
    Double predicted = Recommendations.predicted(otherRow, scenario);
    Double chosenPredicted = Recommendations.predicted(Recommendations.row(report, chosen), scenario);
    if (Tiers.Figure.THROUGHPUT.label.equals(figure) && predicted != null && chosenPredicted != null
        && predicted < chosenPredicted) {
      JsonObject pool = Recommendations.poolStats(otherRow, settings);
      String size = pool == null || pool.getValue("limit") == null ? "" : " of " + pool.getValue("limit");
      return "whose pool" + size + " caps it at " + Rows.num(predicted) + "/s by Little's law";
    }
    return "";
  }

  /** What chose between candidates that stood equally on every figure, or null when none tied. */
  private static String tie(List<Recommendations.Standing> standings) {
    Recommendations.Standing chosen = standings.get(0);
    List<Recommendations.Standing> tied = standings.stream().skip(1).filter(chosen::tiedWith).toList();
    if (tied.isEmpty()) {
      return null;
    }
    Recommendations.Standing next = tied.get(0);
    String names = String.join(", ", tied.stream().map(Recommendations.Standing::name).toList());
    if (chosen.threads() != next.threads()) {
      return "as good as " + names + " there, holding fewer platform threads (" + chosen.threads() + " against "
          + next.threads() + " for " + next.name() + ")";
    }
    if (chosen.lessMemoryThan(next)) {
      return "as good as " + names + " there, with as many threads and less memory (" + Rows.num(
          chosen.peakRssMib()) + " MiB at peak against " + Rows.num(next.peakRssMib()) + " on " + next.name() + ")";
    }
    if (chosen.ownPool() && !next.ownPool()) {
      return "as good as " + names + " there, with as many threads and about as much memory, in a pool of its own"
          + " (" + next.name() + " shares its threads with other routes)";
    }
    return "as good as " + names + " there and as cheap; listed first in the compare file";
  }
}
