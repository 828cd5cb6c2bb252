package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rounds of one strategy made into its row: medians, spread, and the round that stands for the rest. */
class RepeatsTest {

  private static JsonObject round(double okPerSecond, double p99, double probeP99, long sent) {
    JsonObject result = new JsonObject().put("sent", sent).put("completedPerSecond", okPerSecond)
        .put("status", new JsonObject().put("2xx", okPerSecond > 0 ? sent : 0))
        .put("latencyMs", new JsonObject().put("p50", p99 / 2).put("p99", p99))
        .put("probe", new JsonObject().put("ok", 10).put("p99Ms", probeP99));
    return new JsonObject().put("name", "s").put("status", "ok").put("peakRssMib", p99)
        .put("results", new JsonObject().put("rate", result));
  }

  @Test
  void oneRoundIsLeftAsItIs() {
    JsonObject only = round(10, 20, 3, 100);
    assertSame(only, Repeats.combine(List.of(only)));
  }

  @Test
  void theFiguresAreMediansAndTheMedianRoundStands() {
    JsonObject row = Repeats.combine(List.of(round(10, 30, 3, 101), round(12, 10, 5, 102), round(11, 20, 4, 103)));
    JsonObject r = row.getJsonObject("results").getJsonObject("rate");
    assertEquals(11.0, r.getDouble("completedPerSecond"));
    assertEquals(20.0, r.getJsonObject("latencyMs").getDouble("p99"));
    assertEquals(4.0, r.getJsonObject("probe").getDouble("p99Ms"));
    // The round whose p99 is the median (20) stands for the others: its counts stay together.
    assertEquals(103, r.getLong("sent"));
    JsonObject p99 = r.getJsonObject("spread").getJsonObject("p99Ms");
    assertEquals(3, p99.getInteger("n"));
    assertEquals(10.0, p99.getDouble("min"));
    assertEquals(30.0, p99.getDouble("max"));
    assertEquals(3, row.getInteger("rounds"));
    assertEquals(3, row.getJsonArray("roundResults").size());
    assertEquals(20.0, row.getDouble("peakRssMib"));
  }

  @Test
  void aRoundWithNoAnswerGivesNoLatencyRatherThanZero() {
    // All refused: the generator's histograms are empty and read 0, which must not count as the fastest.
    JsonObject row = Repeats.combine(List.of(round(10, 30, 3, 100), round(0, 0, 4, 100), round(12, 50, 5, 100)));
    JsonObject spread = row.getJsonObject("results").getJsonObject("rate").getJsonObject("spread");
    assertEquals(2, spread.getJsonObject("p99Ms").getInteger("n"));
    assertEquals(30.0, spread.getJsonObject("p99Ms").getDouble("min"));
    assertEquals(3, spread.getJsonObject("okPerSecond").getInteger("n"));
  }

  @Test
  void aRampIsSummedUpByItsCapacity() {
    JsonObject a = round(10, 30, 3, 100);
    JsonObject b = round(10, 30, 3, 100);
    JsonObject c = round(10, 30, 3, 100);
    a.getJsonObject("results").getJsonObject("rate").put("steps", new io.vertx.core.json.JsonArray())
        .put("capacityPerSecond", 40.0);
    b.getJsonObject("results").getJsonObject("rate").put("steps", new io.vertx.core.json.JsonArray())
        .putNull("capacityPerSecond");
    c.getJsonObject("results").getJsonObject("rate").put("steps", new io.vertx.core.json.JsonArray())
        .put("capacityPerSecond", 20.0);
    JsonObject r = Repeats.combine(List.of(a, b, c)).getJsonObject("results").getJsonObject("rate");
    // No step held in one round: capacity 0 there, not a missing round.
    assertEquals(20.0, r.getDouble("capacityPerSecond"));
    assertEquals(0.0, r.getJsonObject("spread").getJsonObject("capacityPerSecond").getDouble("min"));
  }

  @Test
  void failedRoundsAreCountedAndLeftOut() {
    JsonObject failed = new JsonObject().put("name", "s").put("status", "failed").put("error", "exited at start");
    JsonObject row = Repeats.combine(List.of(round(10, 30, 3, 100), failed, round(12, 10, 5, 100)));
    assertEquals(2, row.getInteger("okRounds"));
    assertEquals("exited at start", row.getJsonArray("failedRounds").getString(0));
    assertEquals(2, row.getJsonObject("results").getJsonObject("rate").getJsonObject("spread")
        .getJsonObject("p99Ms").getInteger("n"));
  }
}
