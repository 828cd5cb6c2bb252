package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.config.ConfigParser;
import dev.offload.workload.Workloads;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * conf/compare-known.json's verdicts, whose answers follow from how the strategies work, come out right in the
 * suite's comparison ({@link KnownAnswersRun}), and what the verdict recommends is a config that starts.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KnownAnswersTest {

  @Test
  void everyExpectedVerdictComesOutRight() throws Exception {
    CompareRun run = KnownAnswersRun.get();
    JsonObject expectations = run.report().getJsonObject("expectations");
    // 11 checks in the file; on Java 17 the two that name virtual-thread are left out.
    assertEquals(Runtime.version().feature() >= 21 ? 11 : 10, expectations.getInteger("total"));
    assertEquals(List.of(expectations.getInteger("total") + " of " + expectations.getInteger("total")
        + " expected verdicts came out right"), Expectations.lines(run.report()), run.terminal());
    assertEquals(0, run.status(), "compare exits 0 when every expectation is met: " + run.terminal());
    String md = Files.readString(run.out().resolve("report.md"));
    assertTrue(md.contains("## Expected verdicts"), "report.md lists them");
  }

  @Test
  void theRecommendationsAvoidWhatIsToAvoidAndTheirConfigStarts() throws Exception {
    CompareRun run = KnownAnswersRun.get();
    JsonObject report = run.report();
    JsonObject recommendations = report.getJsonObject("verdicts").getJsonObject("recommendations");
    assertEquals(List.of("cpu", "sleep"), List.copyOf(recommendations.fieldNames()), recommendations.encode());
    for (String route : recommendations.fieldNames()) {
      JsonObject r = recommendations.getJsonObject(route);
      // Stalling the event loops is to avoid on cpu and on sleep; running one sleep at a time per instance on sleep.
      assertNotEquals("event-loop", r.getString("strategy"), r.encode());
      assertNotEquals("external", r.getString("strategy"), "an external target is no config: " + r.encode());
      // The external stand-in (timers, no CPU) outdoes every offload row on burst-cpu: avoid marks on cpu are relative
      // to it, so only their order among the candidates counts.
      for (String other : List.of("event-loop", "execute-blocking-ordered", "execute-blocking", "small-pool")) {
        assertTrue(r.getInteger("avoided") <= avoided(report, route, other), other + " is avoided less: " + r.encode());
      }
      assertTrue(r.getString("reason").contains(" against "), "the reason gives a figure: " + r.getString("reason"));
      assertTrue(run.terminal().contains(route + ": use " + r.getString("strategy") + " — "), run.terminal());
    }
    assertTrue(List.of("virtual-thread", "execute-blocking").contains(recommendations.getJsonObject("sleep")
        .getString("strategy")), "sleep goes where 50 ms sleeps at 100/s are not capped: " + recommendations.encode());

    JsonObject written = new JsonObject(Files.readString(run.out().resolve(ReportWriter.FILE)));
    assertEquals(report.getJsonObject("recommendedConfig").getJsonObject("config"), written);
    for (String route : recommendations.fieldNames()) {
      assertEquals(recommendations.getJsonObject(route).getJsonObject("route"),
          written.getJsonObject("routes").getJsonObject(route), route);
    }
    // --config reads a file exactly so: what it accepts, this accepts.
    new ConfigParser(Workloads.withPlugins()).parse(written);
    assertTrue(Files.readString(run.out().resolve("report.md")).contains("- cpu: use "), "report.md opens with it");
  }

  /** How many of the route's figures mark this entry avoid, counted from the tiers themselves. */
  private static int avoided(JsonObject report, String route, String name) {
    int n = 0;
    JsonObject scenarios = report.getJsonObject("verdicts").getJsonObject("scenarios");
    for (String scenario : Recommendations.routes(report).get(route)) {
      for (String figure : scenarios.getJsonObject(scenario).fieldNames()) {
        JsonObject other = Recommendations.find(scenarios.getJsonObject(scenario).getJsonObject(figure)
            .getJsonArray("others"), name);
        n += other != null && Boolean.TRUE.equals(other.getBoolean("avoid")) ? 1 : 0;
      }
    }
    return n;
  }
}
