package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short compare with two rounds and calibration, against an offload child and an external target: rounds
 * interleave, each figure gets its spread, each target its own calibrated value, and the views say so.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CompareRepeatTest {

  @Test
  void twoRoundsInterleavedAndCalibratedPerTarget(@TempDir Path dir) throws Exception {
    Vertx vertx = Vertx.vertx();
    // "Another stack": /spin?n=N answers after N/1000 ms, so its work is proportional to n as calibration assumes.
    HttpServer external = vertx.createHttpServer().requestHandler(req -> {
      if (req.path().equals("/spin")) {
        vertx.setTimer(Math.max(1, Long.parseLong(req.getParam("n")) / 1000), id -> req.response()
            .end(new JsonObject().put("pid", 4242).encode()));
      } else {
        req.response().end("{\"status\":\"up\"}");
      }
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      JsonObject spec = new JsonObject()
          .put("baseConfig", Path.of("conf/config.json").toAbsolutePath().toString())
          .put("warmupSeconds", 0.5).put("repeat", 2)
          .put("calibrate", new JsonObject().put("route", "cpu").put("param", "iterations").put("targetMs", 20))
          .put("probe", new JsonObject().put("ratePerSecond", 20))
          .put("strategies", new JsonArray()
              .add(new JsonObject().put("name", "worker-pool").put("config", new JsonObject().put("routes",
                  new JsonObject().put("cpu", new JsonObject().put("strategy", "worker-pool").put("pool", "cpu")))))
              .add(new JsonObject().put("name", "other").put("target", new JsonObject()
                  .put("url", "http://127.0.0.1:" + external.actualPort())
                  .put("paths", new JsonObject().put("cpu", "/spin?n={iterations}").put("health", "/health")))))
          .put("scenarios", new JsonArray()
              .add(new JsonObject("{\"name\": \"burst\", \"type\": \"burst\", \"route\": \"cpu\","
                  + " \"params\": {\"iterations\": 1000}, \"requests\": 4}"))
              .add(new JsonObject("{\"name\": \"rate\", \"type\": \"rate\", \"route\": \"cpu\","
                  + " \"params\": {\"iterations\": 1000}, \"ratePerSecond\": 10, \"seconds\": 2}")));
      CompareRun run = CompareRun.of(dir, spec);
      assertEquals(0, run.status(), run.terminal());
      JsonObject report = run.report();
      assertEquals(2, report.getInteger("repeat"));
      JsonObject offload = report.getJsonArray("strategies").getJsonObject(0);
      JsonObject other = report.getJsonArray("strategies").getJsonObject(1);
      for (JsonObject s : new JsonObject[] {offload, other}) {
        String label = s.getString("name") + ": " + s.encode();
        assertEquals("ok", s.getString("status"), label);
        assertEquals(2, s.getInteger("rounds"), label);
        assertEquals(2, s.getJsonArray("roundResults").size(), label);
        JsonObject rate = s.getJsonObject("results").getJsonObject("rate");
        JsonObject p99 = rate.getJsonObject("spread").getJsonObject("p99Ms");
        assertEquals(2, p99.getInteger("n"), label);
        assertTrue(p99.getDouble("min") <= p99.getDouble("median") && p99.getDouble("median") <= p99.getDouble("max"));
        assertEquals(p99.getDouble("median"), rate.getJsonObject("latencyMs").getDouble("p99"), label);
        JsonObject calibration = s.getJsonObject("calibration");
        assertNotNull(calibration, label);
        double single = calibration.getDouble("singleMs");
        // Generous: the point is that both land near the target, not how near on a shared machine.
        assertTrue(single > 10 && single < 40, "calibrated to about 20 ms: " + calibration.encode());
      }
      // Each target its own value: the stand-in needs about 20,000 for 20 ms; SHA-256 iterations are far cheaper.
      long otherValue = other.getJsonObject("calibration").getLong("value");
      assertTrue(otherValue > 12_000 && otherValue < 30_000, "external calibrated: " + otherValue);
      assertTrue(offload.getJsonObject("calibration").getLong("value") != otherValue);
      // Interleaved: round 1 is worker-pool then other; round 2 other then worker-pool.
      JsonArray a = offload.getJsonArray("roundStartedAtMs");
      JsonArray b = other.getJsonArray("roundStartedAtMs");
      assertTrue(a.getLong(0) < b.getLong(0) && b.getLong(1) < a.getLong(1), a + " / " + b);
      // The burst went to the stand-in's one "process".
      assertEquals(4, other.getJsonObject("results").getJsonObject("burst").getJsonObject("perProcess")
          .getInteger("4242"));
      JsonObject verdict = report.getJsonObject("verdicts").getJsonObject("scenarios").getJsonObject("rate");
      assertTrue(verdict.getJsonObject("p99").getJsonArray("best").size() >= 1, verdict.encode());
      // Two rounds each, resampled as rounds: no comparison is marked "one round".
      verdict.getJsonObject("p99").getJsonArray("others").forEach(o -> assertEquals(2, ((JsonObject) o).getInteger("rounds")));
      String md = Files.readString(run.out().resolve("report.md"));
      assertTrue(md.contains("## Verdict") && md.contains("## Spread over the rounds") && md.contains("## Calibration")
          && md.contains("## The load generator"), md);
      assertTrue(run.terminal().contains("medians of 2 rounds"), run.terminal());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
