package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The tier rule, its intervals and its words, on fixed samples. */
class TiersTest {

  @Test
  void samplesSurviveTheReportAndAResampledQuantileStaysAmongThem() {
    List<Double> ms = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      ms.add((double) i);
    }
    Samples s = Samples.decode(Samples.encode(ms));
    assertEquals(100, s.count());
    assertEquals(99.0, s.quantile(0.99), 0.1);
    assertEquals(100.0, s.atRank(100), 0.1);
    SplittableRandom random = new SplittableRandom(1);
    double sum = 0;
    for (int i = 0; i < 2000; i++) {
      double d = s.resampledQuantile(0.99, random);
      assertTrue(d >= 1 && d <= 100.1, "a resample holds only the samples: " + d);
      sum += d;
    }
    // A resample's p99 of 1..100 is mostly 97..100: its mean is near the sample's own p99.
    assertEquals(98.5, sum / 2000, 1.5);
    Samples same = Samples.decode(Samples.encode(List.of(7.0, 7.0, 7.0)));
    assertEquals(7.0, same.resampledQuantile(0.99, random), 0.01);
  }

  @Test
  void theBestGroupHoldsWhatCannotBeToldApartAndTenTimesWorseIsAvoidedInOneRound() {
    JsonObject report = report(
        row("a", rate(spread(10, 1), 100)),
        row("b", rate(spread(10.2, 1), 100)),
        row("c", rate(spread(100, 5), 100)),
        row("d", rate(spread(15, 1), 100)));
    JsonObject p99 = Tiers.of(report).getJsonObject("s").getJsonObject("p99");
    assertEquals(new JsonArray().add("a").add("b"), p99.getJsonArray("best"), p99.encodePrettily());
    JsonObject c = other(p99, "c");
    assertTrue(c.getBoolean("avoid"), c.encode());
    assertEquals(10.0, c.getDouble("ratio"), 1.0);
    JsonArray interval = c.getJsonArray("interval");
    assertTrue(interval.getDouble(0) <= c.getDouble("ratio") && c.getDouble("ratio") <= interval.getDouble(1), c.encode());
    assertTrue(interval.getDouble(0) > 5, "within one round a tenfold p99 is far from 1: " + c.encode());
    JsonObject d = other(p99, "d");
    assertFalse(d.getBoolean("avoid"), "1.5× worse is worse, not to avoid: " + d.encode());
    // Three comparisons against the best: each at 1 − 0.05/3.
    assertEquals(0.9833, p99.getDouble("confidence"), 0.0001);
    List<String> avoid = VerdictText.avoid(report.put("verdicts", new JsonObject().put("scenarios", Tiers.of(report))));
    // The test's probe saw the same latencies: c is to avoid on p99 and on probe p99, and nothing else is.
    assertEquals(2, avoid.size(), avoid.toString());
    assertTrue(avoid.get(1).startsWith("avoid c in s: probe p99 "), avoid.get(1));
    assertTrue(avoid.get(0).startsWith("avoid c in s: p99 "), avoid.get(0));
    assertTrue(avoid.get(0).contains("on a, ") && avoid.get(0).contains("× worse (98.33% interval ")
        && avoid.get(0).endsWith(", one round"), avoid.get(0));
  }

  @Test
  void identicalStrategiesTieAndASubMillisecondGapIsNoDifference() {
    JsonObject report = report(row("a", rate(spread(0.5, 0.05), 100)), row("b", rate(spread(0.5, 0.05), 100)),
        row("c", rate(spread(1.2, 0.05), 100)));
    JsonObject p99 = Tiers.of(report).getJsonObject("s").getJsonObject("p99");
    assertEquals(new JsonArray().add("a").add("b").add("c"), p99.getJsonArray("best"), p99.encodePrettily());
    assertTrue(p99.getJsonArray("others").isEmpty());
  }

  @Test
  void lessThanHalfTheThroughputIsAvoidedAndAFewPercentIsNot() {
    JsonObject report = report(row("vt", rate(spread(50, 2), 100, 101, 99, 100, 100)),
        row("small", rate(spread(2000, 50), 40, 41, 39, 40, 40)),
        row("near", rate(spread(50, 2), 97, 98, 96, 97, 97)));
    JsonObject t = Tiers.of(report).getJsonObject("s").getJsonObject("throughput");
    assertEquals(new JsonArray().add("vt").add("near"), t.getJsonArray("best"), t.encodePrettily());
    JsonObject small = other(t, "small");
    assertTrue(small.getBoolean("avoid"), small.encode());
    assertEquals(0.4, small.getDouble("ratio"), 0.01);
    assertTrue(small.getJsonArray("interval").getDouble(1) < 0.5, small.encode());
    assertTrue(VerdictText.rows(report.put("verdicts", new JsonObject().put("scenarios", Tiers.of(report))))
        .stream().anyMatch(r -> r.get(1).equals("throughput") && r.get(3).startsWith("small 40/s: 0.40× of the best")
            && r.get(3).endsWith("AVOID")), VerdictText.rows(report).toString());
  }

  @Test
  void aStrategyWithNoSuccessfulAnswerIsToAvoidWithTheReasonAndNoRatio() {
    JsonObject none = rate(spread(10, 1), 0, 0, 0);
    none.put("status", new JsonObject().put("2xx", 0)).getJsonObject("probe").put("ok", 0);
    JsonObject report = report(row("a", rate(spread(10, 1), 100)), row("refused", none));
    JsonObject verdict = Tiers.of(report).getJsonObject("s");
    JsonObject p99 = other(verdict.getJsonObject("p99"), "refused");
    assertEquals("no 2xx answer", p99.getString("missing"));
    assertTrue(p99.getBoolean("avoid"));
    assertNull(p99.getValue("ratio"));
    assertEquals("the probe got no answer", other(verdict.getJsonObject("probe p99"), "refused").getString("missing"));
    // Its throughput is a real 0, and half of nothing is less than half.
    assertTrue(other(verdict.getJsonObject("throughput"), "refused").getBoolean("avoid"));
  }

  @Test
  void roundsAreResampledTooSoARoundThatDisagreesWidensTheInterval() {
    JsonObject steady = row("a", rate(spread(10, 0.5), 100));
    JsonObject noisy = row("b", rate(spread(20, 0.5), 100));
    JsonArray rounds = new JsonArray();
    for (double p99 : new double[] {20, 12, 30}) {
      rounds.add(new JsonObject().put("s", rate(spread(p99, 0.5), 100)));
    }
    noisy.put("roundResults", rounds);
    JsonArray steadyRounds = new JsonArray();
    for (int i = 0; i < 3; i++) {
      steadyRounds.add(new JsonObject().put("s", rate(spread(10, 0.5), 100)));
    }
    steady.put("roundResults", steadyRounds);
    JsonObject b = other(Tiers.of(report(steady, noisy)).getJsonObject("s").getJsonObject("p99"), "b");
    JsonArray interval = b.getJsonArray("interval");
    assertEquals(3, b.getInteger("rounds"));
    // One round alone would give about 2.0×–2.0×; with the rounds resampled it spans 1.2× to 3×.
    assertTrue(interval.getDouble(0) < 1.4 && interval.getDouble(1) > 2.6, b.encode());
  }

  @Test
  void aRampIsJudgedOnItsCapacityAlone() {
    JsonObject ramp = rate(spread(10, 1), 100).put("type", "ramp").put("steps", new JsonArray())
        .put("capacityPerSecond", 40);
    JsonObject report = report(row("a", ramp), row("b", ramp.copy().put("capacityPerSecond", 10)));
    report.getJsonArray("scenarios").getJsonObject(0).put("type", "ramp");
    JsonObject verdict = Tiers.of(report).getJsonObject("s");
    assertEquals(java.util.Set.of("capacity"), verdict.fieldNames());
    assertTrue(other(verdict.getJsonObject("capacity"), "b").getBoolean("avoid"));
  }

  /** Latencies around {@code ms}: 200 of them, evenly from ms − width to ms + width. */
  private static List<Double> spread(double ms, double width) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      out.add(ms - width + 2 * width * i / 199.0);
    }
    return out;
  }

  /** A rate result: these 2xx latencies (and the probe's the same), and these 2xx per second. */
  private static JsonObject rate(List<Double> latencies, double... perSecond) {
    List<Double> sorted = new ArrayList<>(latencies);
    java.util.Collections.sort(sorted);
    double p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
    JsonArray seconds = new JsonArray();
    double sum = 0;
    for (double v : perSecond) {
      seconds.add(v);
      sum += v;
    }
    return new JsonObject().put("type", "rate").put("status", new JsonObject().put("2xx", latencies.size()))
        .put("latencyMs", new JsonObject().put("p99", p99))
        .put("completedPerSecond", perSecond.length == 0 ? 0 : sum / perSecond.length)
        .put("timeline", new JsonObject().put("okPerSecond", seconds))
        .put("probe", new JsonObject().put("ok", latencies.size()).put("p99Ms", p99))
        .put("samples", new JsonObject().put("okUs", Samples.encode(latencies)).put("probeUs", Samples.encode(latencies)));
  }

  private static JsonObject row(String name, JsonObject result) {
    return new JsonObject().put("name", name).put("status", "ok").put("results", new JsonObject().put("s", result));
  }

  private static JsonObject report(JsonObject... rows) {
    JsonArray strategies = new JsonArray();
    for (JsonObject r : rows) {
      strategies.add(r);
    }
    return new JsonObject().put("scenarios", new JsonArray().add(new JsonObject().put("name", "s").put("type", "rate")))
        .put("strategies", strategies);
  }

  private static JsonObject other(JsonObject verdict, String name) {
    for (Object o : verdict.getJsonArray("others")) {
      if (((JsonObject) o).getString("name").equals(name)) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError(name + " is not among the others: " + verdict.encodePrettily());
  }
}
