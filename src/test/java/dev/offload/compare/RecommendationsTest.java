package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.config.ConfigParser;
import dev.offload.workload.Workloads;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recommendation rule, its reasons and the config it writes, on fixed verdicts. */
class RecommendationsTest {

  @Test
  void equalOnEveryFigureTheFewestThreadsWinThenTheLeastMemoryThenTheFirstListed() {
    JsonObject verdict = verdict("p99", "ms", true, "pool8", 10, members("vt", 10.2, "pool8b", 10.1), others());
    JsonObject report = report(scenario("s", "sleep"),
        row("pool8", route("worker-pool", "io"), 8, 300),
        row("vt", route("virtual-thread", null), null, 310),
        row("pool8b", route("worker-pool", "io"), 8, 300))
        .put("verdicts", scenarios("s", verdict)).put("cores", 2);
    JsonObject sleep = Recommendations.of(report).getJsonObject("sleep");
    assertEquals("vt", sleep.getString("strategy"), sleep.encodePrettily());
    // Virtual threads hold their carriers, one per core.
    assertTrue(sleep.getString("reason").contains("as good as pool8, pool8b there, holding fewer platform threads"
        + " (2 against 8 for pool8)"), sleep.getString("reason"));
    assertTrue(sleep.getString("reason").startsWith("no strategy was told apart from another on s"),
        sleep.getString("reason"));

    // Without vt: two with 8 threads, the one with less memory by more than 5%; within 5%, the first listed.
    report.getJsonArray("strategies").getJsonObject(1).put("status", "failed");
    report.getJsonArray("strategies").getJsonObject(2).put("peakRssMib", 250.0);
    sleep = Recommendations.of(report).getJsonObject("sleep");
    assertEquals("pool8b", sleep.getString("strategy"));
    assertTrue(sleep.getString("reason").contains("with as many threads and less memory (250 MiB at peak against"
        + " 300 on pool8)"), sleep.getString("reason"));
    report.getJsonArray("strategies").getJsonObject(2).put("peakRssMib", 290.0);
    sleep = Recommendations.of(report).getJsonObject("sleep");
    assertEquals("pool8", sleep.getString("strategy"), "290 and 300 MiB are the same memory");
    assertTrue(sleep.getString("reason").endsWith("listed first in the compare file"), sleep.getString("reason"));

    // The same threads and memory: a pool of its own goes before the Vert.x worker pool every route shares.
    JsonObject shared = row("shared", route("execute-blocking", null), 8, 295);
    report.put("strategies", new JsonArray().add(shared).add(report.getJsonArray("strategies").getJsonObject(0)));
    verdict.getJsonArray("best").add("shared");
    sleep = Recommendations.of(report).getJsonObject("sleep");
    assertEquals("pool8", sleep.getString("strategy"));
    assertTrue(sleep.getString("reason").endsWith("in a pool of its own (shared shares its threads with other"
        + " routes)"), sleep.getString("reason"));
  }

  @Test
  void aStrategyWithNo2xxAnswerIsNeverChosenAndTheReasonNamesTheWidestGapWithItsCause() {
    JsonObject probe = verdict("probe p99", "ms", true, "pool", 9, members(),
        others(worse("loop", 91, 10.1, true)));
    JsonObject p99 = verdict("p99", "ms", true, "pool", 120, members("loop", 125.0),
        others(missing("broken")));
    JsonObject throughput = verdict("throughput", "/s", false, "pool", 50, members("loop", 49.0),
        others(missing("broken")));
    JsonObject report = report(scenario("burst-cpu", "cpu"),
        row("loop", route("event-loop", null), null, 200),
        row("broken", route("worker-pool", "cpu"), 2, 100),
        row("pool", route("worker-pool", "cpu"), 2, 300))
        .put("verdicts", new JsonObject().put("scenarios", new JsonObject().put("burst-cpu", new JsonObject()
            .put("p99", p99).put("throughput", throughput).put("probe p99", probe))));
    JsonObject cpu = Recommendations.of(report).getJsonObject("cpu");
    // broken holds as few threads and less memory, but it is to avoid on two figures; loop on one.
    assertEquals("pool", cpu.getString("strategy"), cpu.encodePrettily());
    assertEquals(3, cpu.getInteger("inBestGroup"));
    assertEquals(0, cpu.getInteger("avoided"));
    // broken's missing answers are to avoid too, but a figure says more than "no answer": the reason shows it.
    String reason = cpu.getString("reason");
    assertTrue(reason.startsWith("burst-cpu probe p99 9 ms against 91 ms on loop, which runs the work on its event"
        + " loops and stalls them; "), reason);
    assertTrue(reason.contains("in the best group on 3 of 3 figures of burst-cpu"), reason);
    assertNull(Recommendations.of(report.put("strategies", new JsonArray())).getJsonObject("cpu")
        .getString("strategy"), "no candidate: no recommendation");
  }

  @Test
  void avoidCountsBeforeTheBestGroupAndExternalAndClusterEntriesAreNotCandidates() {
    // a: outside the best group twice, never to avoid; b: in it once, to avoid once. a is the safer choice.
    JsonObject v1 = verdict("p99", "ms", true, "ext", 10, members("b", 10.0), others(worse("a", 13, 1.3, false)));
    JsonObject v2 = verdict("throughput", "/s", false, "cluster", 100, members(),
        others(worse("a", 90, 0.9, false), worse("b", 40, 0.4, true)));
    JsonObject report = report(scenario("s", "sleep"),
        row("a", route("worker-pool", "io"), 64, 300), row("b", route("virtual-thread", null), null, 300),
        row("ext", null, null, 0).put("external", true),
        row("cluster", route("cluster", "io"), null, 0).put("workers", 2))
        .put("verdicts", new JsonObject().put("scenarios", new JsonObject().put("s", new JsonObject()
            .put("p99", v1).put("throughput", v2))));
    JsonObject sleep = Recommendations.of(report).getJsonObject("sleep");
    assertEquals("a", sleep.getString("strategy"), sleep.encodePrettily());
    assertEquals(0, sleep.getInteger("inBestGroup"));
    assertEquals(2, sleep.getInteger("figures"));
    assertTrue(sleep.getString("reason").startsWith("first by the rule on s (fewest avoid marks, then most best"
        + " groups); in the best group on 0 of 2 figures of s"), sleep.getString("reason"));
  }

  @Test
  void theRecommendedConfigTakesEachRouteWithItsPoolAndParsesAsGiven() throws Exception {
    JsonObject base = new JsonObject(java.nio.file.Files.readString(java.nio.file.Path.of("conf/config.json")));
    JsonObject two = ConfigMerge.merge(base, new JsonObject().put("pools", new JsonObject().put("small",
        new JsonObject().put("size", 2))).put("routes", new JsonObject().put("cpu", route("worker-pool", "small"))));
    JsonObject four = ConfigMerge.merge(base, new JsonObject().put("pools", new JsonObject().put("small",
        new JsonObject().put("size", 4))).put("routes", new JsonObject().put("sleep", route("worker-pool", "small"))));
    JsonObject blocking = ConfigMerge.merge(base, new JsonObject().put("vertx", new JsonObject()
        .put("workerPoolSize", 40)).put("routes", new JsonObject().put("hash", route("execute-blocking", null))));
    JsonObject report = new JsonObject().put("baseConfig", base).put("strategies", new JsonArray()
        .add(new JsonObject().put("name", "two").put("config", two))
        .add(new JsonObject().put("name", "four").put("config", four))
        .add(new JsonObject().put("name", "blocking").put("config", blocking)));
    JsonObject recommendations = new JsonObject()
        .put("cpu", new JsonObject().put("strategy", "two"))
        .put("sleep", new JsonObject().put("strategy", "four"))
        .put("hash", new JsonObject().put("strategy", "blocking"))
        .put("db", new JsonObject().put("strategy", (String) null));
    JsonObject out = RecommendedConfig.of(report, recommendations);
    JsonObject config = out.getJsonObject("config");
    assertEquals(route("worker-pool", "small"), config.getJsonObject("routes").getJsonObject("cpu"), out.encode());
    assertEquals(2, config.getJsonObject("pools").getJsonObject("small").getInteger("size"));
    // sleep's pool of the same name has another size: it runs in a copy of its own.
    assertEquals(route("worker-pool", "small-sleep"), config.getJsonObject("routes").getJsonObject("sleep"));
    assertEquals(4, config.getJsonObject("pools").getJsonObject("small-sleep").getInteger("size"));
    assertEquals(40, config.getJsonObject("vertx").getInteger("workerPoolSize"), "execute-blocking's pool size");
    assertEquals(base.getJsonObject("routes").getJsonObject("db"), config.getJsonObject("routes").getJsonObject("db"));
    assertEquals(List.of("db: no recommendation, the base config's route is kept",
        "sleep: pool \"small\" as four sets it differs from the one another route's choice placed, so this route"
            + " runs in a copy named \"small-sleep\""),
        List.of(out.getJsonArray("notes").getString(1), out.getJsonArray("notes").getString(0)));
    new ConfigParser(Workloads.withPlugins()).parse(config);
    assertEquals(base, report.getJsonObject("baseConfig"), "the base config is not changed");
  }

  @Test
  void aConfigThatWouldNotStartIsNotWrittenAndSaysWhy() {
    JsonObject base = new JsonObject().put("routes", new JsonObject());
    JsonObject bad = new JsonObject().put("routes", new JsonObject().put("cpu", route("worker-pool", "nowhere")));
    JsonObject report = new JsonObject().put("baseConfig", base).put("strategies", new JsonArray()
        .add(new JsonObject().put("name", "bad").put("config", bad)));
    JsonObject out = RecommendedConfig.of(report, new JsonObject().put("cpu", new JsonObject().put("strategy", "bad")));
    assertNull(out.getJsonObject("config"));
    assertTrue(out.getString("error").startsWith("the recommended config does not start: routes.cpu.pool"),
        out.getString("error"));
  }

  private static JsonObject route(String strategy, String pool) {
    JsonObject r = new JsonObject().put("strategy", strategy);
    return pool == null ? r : r.put("pool", pool);
  }

  /** An entry's row: its route settings for every route, its pool's threads as /stats gives them, its peak RSS. */
  private static JsonObject row(String name, JsonObject routeSettings, Integer threads, double rss) {
    JsonObject routes = new JsonObject();
    if (routeSettings != null) {
      routes.put("cpu", routeSettings).put("sleep", routeSettings);
    }
    JsonObject pools = new JsonObject();
    if (routeSettings != null) {
      pools.put(Recommendations.poolLabel(routeSettings), new JsonObject().put("threads", threads).put("limit", 8));
    }
    return new JsonObject().put("name", name).put("status", "ok").put("config", new JsonObject().put("routes", routes))
        .put("finalStats", new JsonObject().put("pools", pools)).put("peakRssMib", rss)
        .put("results", new JsonObject());
  }

  private static JsonObject scenario(String name, String route) {
    return new JsonObject().put("name", name).put("type", "burst").put("route", route);
  }

  private static JsonObject report(JsonObject scenario, JsonObject... rows) {
    return new JsonObject().put("scenarios", new JsonArray().add(scenario)).put("strategies", new JsonArray(List.of(
        (Object[]) rows)));
  }

  private static JsonObject scenarios(String scenario, JsonObject verdict) {
    return new JsonObject().put("scenarios", new JsonObject().put(scenario, new JsonObject().put("p99", verdict)));
  }

  private static JsonObject verdict(String figure, String unit, boolean lowerIsBetter, String best, double value,
      JsonArray members, JsonArray others) {
    JsonArray names = new JsonArray().add(best);
    members.forEach(m -> names.add(((JsonObject) m).getString("name")));
    return new JsonObject().put("unit", unit).put("lowerIsBetter", lowerIsBetter).put("bestName", best)
        .put("bestValue", value).put("confidence", 0.95).put("best", names).put("members", members)
        .put("others", others);
  }

  private static JsonArray members(Object... nameValue) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < nameValue.length; i += 2) {
      out.add(new JsonObject().put("name", nameValue[i]).put("value", nameValue[i + 1]).put("ratio", 1.0));
    }
    return out;
  }

  private static JsonArray others(JsonObject... others) {
    return new JsonArray(List.of((Object[]) others));
  }

  private static JsonObject worse(String name, double value, double ratio, boolean avoid) {
    return new JsonObject().put("name", name).put("value", value).put("ratio", ratio)
        .put("interval", new JsonArray().add(ratio * 0.8).add(ratio * 1.2)).put("rounds", 1).put("avoid", avoid);
  }

  private static JsonObject missing(String name) {
    return new JsonObject().put("name", name).put("value", null).put("ratio", null).put("interval", null)
        .put("avoid", true).put("missing", "no 2xx answer");
  }
}
