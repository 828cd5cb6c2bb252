package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compare strategy on worker nodes: compare starts the front and its worker JVM, the load's work runs on the
 * worker (the front's stats say so), and the report names the worker and predicts from its threads.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CompareClusterTest {

  @Test
  void aStrategyOnOneWorkerNodeIsMeasuredLikeAnyOther(@TempDir Path dir) throws Exception {
    JsonObject spec = new JsonObject()
        .put("baseConfig", Path.of("conf/config.json").toAbsolutePath().toString())
        .put("base", new JsonObject().put("http", new JsonObject().put("instances", 1))
            .put("vertx", new JsonObject().put("eventLoopPoolSize", 1)))
        .put("warmupSeconds", 0.5)
        .put("strategies", new JsonArray().add(new JsonObject().put("name", "on-a-worker")
            .put("config", new JsonObject().put("routes", new JsonObject().put("sleep", new JsonObject()
                .put("strategy", "cluster").put("pool", "io"))))
            .put("workers", 1)
            .put("workerConfig", new JsonObject().put("http", new JsonObject().put("instances", 1))
                .put("pools", new JsonObject().put("io", new JsonObject().put("size", 4).put("exported", true))))))
        .put("scenarios", new JsonArray().add(new JsonObject().put("name", "rate-sleep").put("type", "rate")
            .put("route", "sleep").put("params", new JsonObject().put("ms", 20)).put("ratePerSecond", 50)
            .put("seconds", 2)));
    CompareRun run = CompareRun.of(dir, spec);
    assertEquals(0, run.status(), run.terminal());

    JsonObject row = run.report().getJsonArray("strategies").getJsonObject(0);
    assertEquals("ok", row.getString("status"), row.encodePrettily());
    JsonObject rate = row.getJsonObject("results").getJsonObject("rate-sleep");
    assertEquals(rate.getInteger("sent"), rate.getJsonObject("status").getInteger("2xx"), rate.encode());
    // Four threads on the worker take 200/s of 20 ms sleeps: the offered 50/s is the prediction.
    assertEquals(50.0, rate.getDouble("predictedPerSecond"), rate.encode());
    assertEquals(1, row.getJsonArray("workerNodes").size());
    assertTrue(row.getJsonArray("workerNodes").getJsonObject(0).getDouble("peakRssMib") > 0, row.encode());
    // The work ran on the worker: the front's one node answered every request the load and the warm-up sent.
    JsonArray nodes = row.getJsonObject("finalStats").getJsonObject("cluster").getJsonArray("nodes");
    assertEquals(1, nodes.size(), nodes.encode());
    assertTrue(nodes.getJsonObject(0).getLong("answered") >= rate.getInteger("sent"), nodes.encode());
    assertEquals(0L, nodes.getJsonObject(0).getLong("lost") + nodes.getJsonObject(0).getLong("timedOut"));
    String md = Files.readString(run.out().resolve("report.md"));
    assertTrue(md.contains("Worker nodes (1, pools `{\"io\":{\"size\":4,\"exported\":true}}`): peak RSS"), md);
  }
}
