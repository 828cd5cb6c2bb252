package dev.offload.compare;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Per scenario and figure, the best group (every strategy that cannot be told from the best) and, for each other
 * strategy, how much worse it is than the best as a ratio with its bootstrap interval, marked {@code avoid} where it
 * is worse by a wide margin. The intervals come from each request's latency (and each second's throughput), so one
 * round is enough to see a large difference; with several rounds the rounds are resampled too (a two-stage bootstrap),
 * which adds the between-run spread. Method and thresholds: docs/compare.md, "Verdicts".
 */
final class Tiers {
  /** A ratio within 5% of 1 is no difference a user should act on, however narrow its interval. */
  static final double SAME_MARGIN = 0.05;
  /** Avoid: a latency at least twice the best's, or less than half the best throughput. */
  static final double AVOID_RATIO = 2.0;
  /** Below these a latency difference is the machine's scheduling, not the strategy's: worse, and avoid. */
  static final double MIN_WORSE_MS = 1.0;
  static final double MIN_AVOID_MS = 5.0;
  static final double ALPHA = 0.05;
  static final int RESAMPLES = 2000;
  // Fixed, so a report's verdicts are the same each time they are made from the same samples.
  private static final long SEED = 0x0ff10adL;

  /** The figures judged: how the report names them, lower or higher better, their unit. */
  enum Figure {
    P99("p99", true, "ms", "p99Ms"), THROUGHPUT("throughput", false, "/s", "okPerSecond"),
    PROBE_P99("probe p99", true, "ms", "probeP99Ms"), CAPACITY("capacity", false, "/s", "capacityPerSecond");

    final String label;
    final boolean lowerIsBetter;
    final String unit;
    /** Where a result holds it: the figure's key in {@link Repeats#FIGURES}. */
    final String key;

    Figure(String label, boolean lowerIsBetter, String unit, String key) {
      this.label = label;
      this.lowerIsBetter = lowerIsBetter;
      this.unit = unit;
      this.key = key;
    }
  }

  /** One bootstrap draw of a round's figure. */
  interface Draw {
    double from(RandomGenerator random);
  }

  /** One round's figure: its value and how to draw it again from the round's requests. */
  record RoundFigure(double point, Draw draw) {
    double draw(RandomGenerator random) {
      return draw.from(random);
    }
  }

  /** A strategy in one comparison: its rounds' figures, or why it has none (no 2xx answer, no probe answer). */
  record Contender(String name, List<RoundFigure> rounds, String missing) {
    double point() {
      List<Double> points = new ArrayList<>();
      rounds.forEach(r -> points.add(r.point()));
      return Statistics.median(points);
    }

    /** One draw: the median of as many rounds as there are, picked with replacement, each drawn within itself. */
    double draw(RandomGenerator random) {
      if (rounds.size() == 1) {
        return rounds.get(0).draw(random);
      }
      List<Double> draws = new ArrayList<>(rounds.size());
      for (int i = 0; i < rounds.size(); i++) {
        draws.add(rounds.get(random.nextInt(rounds.size())).draw(random));
      }
      return Statistics.median(draws);
    }
  }

  private Tiers() {
  }

  /** {@code {"scenario": {"p99": {best, others, …}, …}}} for every scenario of the report, in order. */
  static JsonObject of(JsonObject report) {
    JsonObject out = new JsonObject();
    for (Object o : report.getJsonArray("scenarios")) {
      JsonObject scenario = (JsonObject) o;
      String name = scenario.getString("name");
      JsonObject byFigure = new JsonObject();
      for (Figure figure : figures("ramp".equals(scenario.getString("type")))) {
        List<Contender> contenders = new ArrayList<>();
        for (Object s : report.getJsonArray("strategies")) {
          Contender c = contender((JsonObject) s, name, figure);
          if (c != null) {
            contenders.add(c);
          }
        }
        byFigure.put(figure.label, judge(contenders, figure));
      }
      out.put(name, byFigure);
    }
    return out;
  }

  /**
   * The figures a scenario is judged on: a ramp on its capacity alone (its last step offered each strategy a
   * different rate), any other on p99, throughput and probe p99.
   */
  static List<Figure> figures(boolean ramp) {
    return ramp ? List.of(Figure.CAPACITY) : List.of(Figure.P99, Figure.THROUGHPUT, Figure.PROBE_P99);
  }

  /** A strategy's rounds of one scenario and figure; null when it has no measured result there. */
  private static Contender contender(JsonObject row, String scenario, Figure figure) {
    if (!"ok".equals(row.getString("status"))) {
      return null;
    }
    // Every round's own results where there were several (the row's are the median round's), else the one.
    JsonArray byRound = row.getJsonArray("roundResults", new JsonArray().add(row.getJsonObject("results",
        new JsonObject())));
    List<JsonObject> results = new ArrayList<>();
    for (Object r : byRound) {
      JsonObject one = ((JsonObject) r).getJsonObject(scenario);
      if (one != null && one.containsKey("latencyMs")) {
        results.add(one);
      }
    }
    if (results.isEmpty()) {
      return null;
    }
    List<RoundFigure> rounds = new ArrayList<>();
    for (JsonObject r : results) {
      RoundFigure f = RoundFigures.of(r, figure);
      if (f != null) {
        rounds.add(f);
      }
    }
    if (rounds.isEmpty()) {
      return new Contender(row.getString("name"), rounds, figure == Figure.PROBE_P99 ? "the probe got no answer"
          : "no 2xx answer");
    }
    return new Contender(row.getString("name"), rounds, null);
  }

  /** The best group and the others of one figure; {@code contenders} in report order (ties go to the first). */
  static JsonObject judge(List<Contender> contenders, Figure figure) {
    JsonObject out = new JsonObject().put("unit", figure.unit).put("lowerIsBetter", figure.lowerIsBetter);
    List<Contender> measured = contenders.stream().filter(c -> c.missing() == null).toList();
    JsonArray best = new JsonArray();
    JsonArray members = new JsonArray();
    JsonArray others = new JsonArray();
    if (measured.isEmpty()) {
      contenders.forEach(c -> others.add(missing(c)));
      return out.put("best", best).put("members", members).put("others", others);
    }
    Contender top = measured.get(0);
    for (Contender c : measured) {
      if (figure.lowerIsBetter ? c.point() < top.point() : c.point() > top.point()) {
        top = c;
      }
    }
    best.add(top.name());
    int comparisons = measured.size() - 1;
    // Bonferroni: with m comparisons against the best, each interval at 1 − α/m keeps the chance of any false
    // "worse" at α or below.
    double level = comparisons <= 1 ? 1 - ALPHA : 1 - ALPHA / comparisons;
    out.put("bestName", top.name()).put("bestValue", ScenarioRunner.round(top.point()))
        .put("confidence", ScenarioRunner.round(level * 10000) / 10000.0);
    for (int i = 0; i < contenders.size(); i++) {
      Contender c = contenders.get(i);
      if (c == top) {
        continue;
      }
      if (c.missing() != null) {
        others.add(missing(c));
        continue;
      }
      double[] draws = new double[RESAMPLES];
      RandomGenerator random = new SplittableRandom(SEED + i);
      for (int b = 0; b < RESAMPLES; b++) {
        double base = top.draw(random);
        double mine = c.draw(random);
        draws[b] = base == 0 ? (mine == 0 ? 1 : Double.POSITIVE_INFINITY) : mine / base;
      }
      java.util.Arrays.sort(draws);
      double low = Resampling.percentile(draws, (1 - level) / 2);
      double high = Resampling.percentile(draws, 1 - (1 - level) / 2);
      double ratio = top.point() == 0 ? (c.point() == 0 ? 1 : Double.POSITIVE_INFINITY) : c.point() / top.point();
      double difference = Math.abs(c.point() - top.point());
      boolean worse;
      boolean avoid;
      if (figure.lowerIsBetter) {
        worse = low > 1 + SAME_MARGIN && difference >= MIN_WORSE_MS;
        avoid = worse && low >= AVOID_RATIO && difference >= MIN_AVOID_MS;
      } else {
        worse = high < 1 / (1 + SAME_MARGIN);
        avoid = worse && high <= 1 / AVOID_RATIO;
      }
      JsonObject one = new JsonObject().put("name", c.name()).put("value", ScenarioRunner.round(c.point()))
          .put("ratio", ScenarioRunner.round(ratio))
          .put("interval", new JsonArray().add(ScenarioRunner.round(low)).add(ScenarioRunner.round(high)))
          .put("rounds", Math.min(c.rounds().size(), top.rounds().size()));
      if (worse) {
        others.add(one.put("avoid", avoid));
      } else {
        best.add(c.name());
        members.add(one);
      }
    }
    return out.put("best", best).put("members", members).put("others", others);
  }

  private static JsonObject missing(Contender c) {
    return new JsonObject().put("name", c.name()).put("value", null).put("ratio", null).put("interval", null)
        .put("avoid", true).put("missing", c.missing());
  }
}
