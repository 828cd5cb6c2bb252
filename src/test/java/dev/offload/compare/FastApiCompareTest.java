package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.FreePorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped FastAPI example (gunicorn, 4 uvicorn workers) compared with offload as conf/compare-fastapi.json does,
 * made short: calibrated, a burst of 8 and a rate, one round. Skipped with the reason where Debian's FastAPI stack is
 * not installed (.ci/run installs it).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FastApiCompareTest {

  @Test
  void theSeedStackIsComparedWithOffloadOnEqualWork(@TempDir Path dir) throws Exception {
    Process check = new ProcessBuilder("examples/fastapi/run.sh", "--check").inheritIO().start();
    Assumptions.assumeTrue(check.waitFor() == 0, "FastAPI comparison skipped: Debian's python3-fastapi, "
        + "python3-uvicorn and gunicorn are not installed (.ci/run installs them; examples/fastapi/run.sh does too)");
    int port = FreePorts.next();
    ProcessBuilder builder = new ProcessBuilder("examples/fastapi/run.sh").redirectErrorStream(true)
        .redirectOutput(dir.resolve("fastapi.log").toFile());
    builder.environment().put("PORT", Integer.toString(port));
    Process fastapi = builder.start();
    try {
      awaitHealth(port, fastapi, dir.resolve("fastapi.log"));
      JsonObject spec = new JsonObject(Files.readString(Path.of("conf/compare-fastapi.json")));
      spec.put("baseConfig", Path.of("conf/config.json").toAbsolutePath().toString()).put("repeat", 1)
          .put("warmupSeconds", 0.5);
      spec.getJsonObject("calibrate").put("targetMs", 30);
      JsonArray strategies = new JsonArray();
      for (Object o : spec.getJsonArray("strategies")) {
        JsonObject s = (JsonObject) o;
        if (s.containsKey("target")) {
          s.getJsonObject("target").put("url", "http://127.0.0.1:" + port);
          strategies.add(s);
        } else if (s.getString("name").equals("worker-pool")) {
          strategies.add(s);
        }
      }
      spec.put("strategies", strategies);
      JsonArray scenarios = new JsonArray();
      for (Object o : spec.getJsonArray("scenarios")) {
        JsonObject s = (JsonObject) o;
        if (s.getString("type").equals("burst")) {
          scenarios.add(s);
        } else if (s.getString("type").equals("rate")) {
          scenarios.add(s.put("seconds", 2));
        }
      }
      spec.put("scenarios", scenarios);
      CompareRun run = CompareRun.of(dir, spec);
      assertEquals(0, run.status(), run.terminal());
      JsonObject report = run.report();
      assertEquals(3, report.getJsonArray("strategies").size());
      for (Object o : report.getJsonArray("strategies")) {
        JsonObject s = (JsonObject) o;
        String label = s.getString("name") + ": " + s.encode();
        assertEquals("ok", s.getString("status"), label);
        assertNotNull(s.getJsonObject("calibration"), label);
        JsonObject burst = s.getJsonObject("results").getJsonObject("burst-cpu");
        assertEquals(8, burst.getJsonObject("status").getLong("2xx"), label);
        // Every answer named its process; the counts per process add up to the burst.
        int answered = 0;
        for (String pid : burst.getJsonObject("perProcess").fieldNames()) {
          answered += burst.getJsonObject("perProcess").getInteger(pid);
        }
        assertEquals(8, answered, label);
        if (s.getBoolean("external")) {
          assertTrue(burst.getJsonObject("perProcess").size() <= 4, "at most gunicorn's 4 workers: " + label);
        }
        JsonObject rate = s.getJsonObject("results").getJsonObject("rate-cpu");
        assertTrue(rate.getJsonObject("status").getLong("2xx") > 0, label);
        assertNotNull(rate.getJsonObject("probe"), label);
      }
      // The two FastAPI flavours got values of their own (one process's Python loop), unlike offload's SHA-256.
      long def = report.getJsonArray("strategies").getJsonObject(0).getJsonObject("calibration").getLong("value");
      long offload = report.getJsonArray("strategies").getJsonObject(2).getJsonObject("calibration").getLong("value");
      assertTrue(def != offload, def + " vs " + offload);
    } finally {
      fastapi.destroy();
      if (!fastapi.waitFor(10, TimeUnit.SECONDS)) {
        fastapi.destroyForcibly();
      }
    }
  }

  private static void awaitHealth(int port, Process fastapi, Path log) throws Exception {
    // HTTP/1.1 only: the JDK client would otherwise ask for an h2c upgrade, which uvicorn refuses.
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < giveUp) {
      if (!fastapi.isAlive()) {
        throw new AssertionError("gunicorn exited: " + Files.readString(log));
      }
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(200);
    }
    throw new AssertionError("FastAPI did not answer /health within 30 s: " + Files.readString(log));
  }
}
