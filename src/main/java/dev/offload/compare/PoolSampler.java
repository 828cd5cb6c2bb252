package dev.offload.compare;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an offload child's {@code /stats} every 250 ms while a scenario runs, so the report can show each pool's running
 * and queued work on the same time axis as the load. It adds four small requests a second to the server's load.
 */
final class PoolSampler {
  static final long PERIOD_MS = 250;

  private final Vertx vertx;
  private final HttpClient client;
  private final String host;
  private final int port;
  private final List<Double> seconds = new ArrayList<>();
  // pool -> [running..., queued...] per sample; a pool first seen later gets nulls before.
  private final Map<String, List<Integer[]>> pools = new LinkedHashMap<>();
  private long startNanos;
  private long timer = -1;
  private volatile boolean stopped;

  PoolSampler(Vertx vertx, String host, int port) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
    this.host = host;
    this.port = port;
  }

  void start() {
    startNanos = System.nanoTime();
    timer = vertx.setPeriodic(1, PERIOD_MS, id -> sample());
  }

  private void sample() {
    if (stopped) {
      return;
    }
    double at = (System.nanoTime() - startNanos) / 1e9;
    client.request(HttpMethod.GET, port, host, "/stats")
        .compose(req -> req.send().compose(resp -> resp.body()))
        .onSuccess(body -> record(at, new JsonObject(body.toString())));
    // A sample that fails (the server too busy to answer in time) is a gap in the chart, not a failed scenario.
  }

  private synchronized void record(double at, JsonObject stats) {
    if (stopped) {
      return;
    }
    int index = seconds.size();
    // On the 250 ms grid, so that the samples of every strategy share the chart's x values.
    seconds.add(Math.round(at * 1000 / PERIOD_MS) * PERIOD_MS / 1000.0);
    JsonObject all = stats.getJsonObject("pools", new JsonObject());
    for (String pool : all.fieldNames()) {
      JsonObject p = all.getJsonObject(pool);
      List<Integer[]> values = pools.computeIfAbsent(pool, k -> new ArrayList<>());
      while (values.size() < index) {
        values.add(new Integer[] {null, null});
      }
      values.add(new Integer[] {p.getInteger("running"), p.getInteger("queued")});
    }
  }

  /**
   * Stops and answers {@code {"seconds": [...], "pools": {"cpu": {"running": [...], "queued": [...]}}}}, with only the
   * pools that ran or queued anything during the scenario.
   */
  synchronized JsonObject stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    client.close();
    JsonObject out = new JsonObject();
    for (Map.Entry<String, List<Integer[]>> e : pools.entrySet()) {
      JsonArray running = new JsonArray();
      JsonArray queued = new JsonArray();
      boolean busy = false;
      for (int i = 0; i < seconds.size(); i++) {
        Integer[] v = i < e.getValue().size() ? e.getValue().get(i) : new Integer[] {null, null};
        running.add(v[0]);
        queued.add(v[1]);
        busy |= (v[0] != null && v[0] > 0) || (v[1] != null && v[1] > 0);
      }
      if (busy) {
        out.put(e.getKey(), new JsonObject().put("running", running).put("queued", queued));
      }
    }
    return new JsonObject().put("periodMs", PERIOD_MS).put("seconds", new JsonArray(new ArrayList<>(seconds)))
        .put("pools", out);
  }
}
