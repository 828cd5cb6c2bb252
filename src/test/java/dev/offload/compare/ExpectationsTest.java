package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.config.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A compare file's expected verdicts: refused with the key named when wrong, and checked against fixed tiers. */
class ExpectationsTest {
  private static final List<Scenario> SCENARIOS = List.of(
      new Scenario.Rate("rate-sleep", new Scenario.Load("sleep", Map.of("ms", 50L), 100, false), 3),
      new Scenario.Ramp("ramp-cpu", new Scenario.Load("cpu", Map.of(), 10, false), List.of(10.0), 1, 500));
  private static final List<CompareSpec.Entry> ENTRIES = List.of(
      new CompareSpec.Entry("vt", new JsonObject(), null), new CompareSpec.Entry("small", new JsonObject(), null));

  @Test
  void aWrongExpectationIsRefusedWithItsKey() {
    assertRefused("expect[0].scenario", new JsonObject().put("scenario", "nope").put("figure", "p99")
        .put("best", new JsonArray().add("vt")));
    assertRefused("expect[0].figure", new JsonObject().put("scenario", "ramp-cpu").put("figure", "p99")
        .put("best", new JsonArray().add("vt")));
    assertRefused("expect[0].avoid[1]", new JsonObject().put("scenario", "rate-sleep").put("figure", "p99")
        .put("avoid", new JsonArray().add("vt").add("who")));
    assertRefused("expect[0].asPredicted", new JsonObject().put("scenario", "rate-sleep").put("figure", "p99")
        .put("asPredicted", new JsonArray().add("small")));
    assertRefused("expect[0]", new JsonObject().put("scenario", "rate-sleep").put("figure", "p99"));
    assertRefused("expect[0].best", new JsonObject().put("scenario", "rate-sleep").put("figure", "p99")
        .put("best", new JsonArray()));
    assertRefused("expect[0].fastest", new JsonObject().put("scenario", "rate-sleep").put("figure", "p99")
        .put("fastest", new JsonArray().add("vt")));
  }

  @Test
  void eachNamedStrategyIsCheckedAndLittlesLawsRatioHasItsTolerance() {
    List<Expectations.Expectation> expect = Expectations.parse(new JsonArray()
        .add(new JsonObject().put("scenario", "rate-sleep").put("figure", "throughput")
            .put("best", new JsonArray().add("vt")).put("worse", new JsonArray().add("small"))
            .put("avoid", new JsonArray().add("small")).put("asPredicted", new JsonArray().add("small"))),
        SCENARIOS, ENTRIES);
    assertEquals(4, expect.size());
    JsonObject throughput = new JsonObject().put("unit", "/s").put("lowerIsBetter", false).put("bestName", "vt")
        .put("bestValue", 100).put("confidence", 0.95).put("best", new JsonArray().add("vt"))
        .put("members", new JsonArray()).put("others", new JsonArray().add(new JsonObject().put("name", "small")
            .put("value", 45).put("ratio", 0.45).put("interval", new JsonArray().add(0.4).add(0.5))
            .put("avoid", false)));
    JsonObject report = new JsonObject()
        .put("strategies", new JsonArray().add(row("vt", 100)).add(row("small", 40)))
        .put("verdicts", new JsonObject().put("scenarios", new JsonObject().put("rate-sleep", new JsonObject()
            .put("throughput", throughput))));
    JsonObject checked = Expectations.check(report, expect);
    assertEquals(4, checked.getInteger("total"));
    // 45/s against Little's 40/s is within 25%; small is worse but not marked avoid: that one is not met.
    assertEquals(3, checked.getInteger("met"), checked.encodePrettily());
    JsonObject avoid = checked.getJsonArray("checks").getJsonObject(2);
    assertEquals("avoid", avoid.getString("check"));
    assertFalse(avoid.getBoolean("met"));
    List<String> lines = Expectations.lines(report.put("expectations", checked));
    assertEquals("3 of 4 expected verdicts came out right", lines.get(0));
    assertEquals(List.of("NOT MET: rate-sleep throughput: small expected to avoid, saw 0.45× of the best (95%"
        + " interval 0.40×–0.50×)"), lines.subList(1, lines.size()));

    throughput.getJsonArray("others").getJsonObject(0).put("value", 51);
    JsonObject again = Expectations.check(report, expect).getJsonArray("checks").getJsonObject(3);
    assertFalse(again.getBoolean("met"), "51/s is more than 25% from 40/s: " + again.encode());
    assertTrue(again.getString("saw").endsWith("; 51/s, Little's law predicts 40/s"), again.getString("saw"));
  }

  private static JsonObject row(String name, double predicted) {
    return new JsonObject().put("name", name).put("results", new JsonObject().put("rate-sleep",
        new JsonObject().put("predictedPerSecond", predicted)));
  }

  private static void assertRefused(String key, JsonObject expectation) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Expectations.parse(new JsonArray().add(expectation), SCENARIOS, ENTRIES));
    assertEquals(key, e.key(), e.getMessage());
  }
}
