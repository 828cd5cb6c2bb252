package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code "reuseJvm": true}: one child JVM serves every strategy, each switched in through its admin API. */
class CompareReuseJvmTest {

  @Test
  void everyStrategyRunsInOneWarmJvmAndTheReportSaysSo(@TempDir Path dir) throws Exception {
    JsonObject spec = new JsonObject()
        .put("baseConfig", Path.of("conf/config.json").toAbsolutePath().toString())
        .put("base", new JsonObject().put("workloads", new JsonObject().put("db",
            new JsonObject().put("rows", 1000))))
        .put("reuseJvm", true)
        .put("warmupSeconds", 0)
        .put("strategies", new JsonArray()
            .add(new JsonObject().put("name", "worker-pool").put("config", new JsonObject().put("routes",
                new JsonObject().put("sleep", new JsonObject().put("strategy", "worker-pool").put("pool", "io")))))
            .add(new JsonObject().put("name", "execute-blocking").put("config", new JsonObject().put("routes",
                new JsonObject().put("sleep", new JsonObject().put("strategy", "execute-blocking")))))
            .add(new JsonObject().put("name", "more-instances").put("config", new JsonObject()
                .put("http", new JsonObject().put("instances", 3)))))
        .put("scenarios", new JsonArray().add(new JsonObject().put("name", "burst-sleep").put("type", "burst")
            .put("route", "sleep").put("params", new JsonObject().put("ms", 50)).put("requests", 4)));
    CompareRun run = CompareRun.of(dir, spec);
    int status = run.status();
    String shown = run.terminal();

    JsonObject report = run.report();
    assertTrue(report.getString("mode").contains("reuseJvm"), report.getString("mode"));
    JsonArray rows = report.getJsonArray("strategies");
    JsonObject pool = rows.getJsonObject(0);
    JsonObject blocking = rows.getJsonObject(1);
    assertEquals("ok", pool.getString("status"), pool.encode());
    assertEquals("ok", blocking.getString("status"), blocking.encode());
    assertEquals(pool.getLong("pid"), blocking.getLong("pid"), "one JVM for both");
    assertEquals(1, pool.getLong("configVersion"));
    assertEquals(2, blocking.getLong("configVersion"));
    assertTrue(threads(pool).stream().allMatch(t -> t.startsWith("offload-io-")), threads(pool).toString());
    assertTrue(threads(blocking).stream().allMatch(t -> t.startsWith("vert.x-worker-thread-")),
        threads(blocking).toString());
    // A strategy that needs a restart cannot be switched in: its row fails and says why; the status says so too.
    JsonObject restart = rows.getJsonObject(2);
    assertEquals("failed", restart.getString("status"), restart.encode());
    assertTrue(restart.getString("error").contains("http.instances"), restart.getString("error"));
    assertTrue(shown.contains("more-instances") && shown.contains("FAILED"), shown);
  }

  private static java.util.List<String> threads(JsonObject row) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (Object o : row.getJsonObject("results").getJsonObject("burst-sleep").getJsonArray("requests")) {
      out.add(((JsonObject) o).getString("thread"));
    }
    return out;
  }
}
