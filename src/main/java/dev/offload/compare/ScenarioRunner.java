package dev.offload.compare;

import dev.offload.load.LoadPlan;
import dev.offload.load.LoadRequest;
import dev.offload.load.LoadResult;
import dev.offload.load.OpenLoopLoad;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario against one target, with the {@code /health} probe alongside for exactly as long, and turns
 * what it saw into the report's numbers.
 */
final class ScenarioRunner {
  private static final int MAX_CONNECTIONS = 2000;
  private static final long REQUEST_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(2);

  private final Vertx vertx;
  private final double probeRate;

  ScenarioRunner(Vertx vertx, double probeRate) {
    this.vertx = vertx;
    this.probeRate = probeRate;
  }

  /** Open-loop load on the target, no measurement kept: JIT, connections and pools warm before the real runs. */
  void warmUp(Target target, List<Scenario> scenarios, double seconds) throws Exception {
    if (seconds <= 0) {
      return;
    }
    List<Future<LoadResult>> loads = new ArrayList<>();
    for (Scenario s : scenarios) {
      for (Scenario.Load load : Scenarios.loads(s)) {
        try {
          loads.add(openLoop(target, List.of(target.request(load)), 5, seconds).run());
        } catch (IllegalArgumentException cannotServe) {
          // Reported when the scenario itself runs.
        }
      }
    }
    await(Future.join(loads), seconds + 180);
  }

  /** Runs the scenario; {@code child} is null for an external target (no CPU, memory or per-instance figures). */
  JsonObject run(Scenario scenario, Target target, ChildService child, Prediction prediction) throws Exception {
    ServerSnapshot before = child != null ? ServerSnapshot.take(child) : null;
    OpenLoopLoad probe = target.probePath() != null
        ? openLoop(target, List.of(LoadRequest.get(target.probePath())), probeRate, 3600) : null;
    Future<LoadResult> probed = probe != null ? probe.run() : null;
    PoolSampler sampler = child != null ? new PoolSampler(vertx, target.host(), target.port()) : null;
    if (sampler != null) {
      sampler.start();
    }
    long start = System.nanoTime();
    JsonObject result;
    JsonObject poolTimeline = null;
    try {
      result = runLoad(scenario, target, prediction);
    } finally {
      if (probe != null) {
        probe.stop();
      }
      if (sampler != null) {
        poolTimeline = sampler.stop();
      }
    }
    if (poolTimeline != null) {
      result.put("poolTimeline", poolTimeline);
    }
    double wallSeconds = (System.nanoTime() - start) / 1e9;
    result.put("wallSeconds", round(wallSeconds));
    if (probed != null) {
      LoadResult p = await(probed, 180);
      result.put("probe", new JsonObject().put("requests", p.sent()).put("ok", p.ok())
          .put("p50Ms", round(LoadResult.ms(p.success(), 50))).put("p99Ms", round(LoadResult.ms(p.success(), 99)))
          .put("maxMs", round(LoadResult.maxMs(p.success())))
          // The probe's own generator health, reported apart from the main load's (which alone marks the row).
          .put("scheduleLagP99Ms", round(LoadResult.ms(p.scheduleLag(), 99)))
          .put("connectionWaitP99Ms", round(LoadResult.ms(p.connectionWait(), 99)))
          .put("generatorFellBehind", p.generatorFellBehind())
          .put("timeline", Timelines.of(p, 0)));
      // Each probe answer's latency, for the verdicts' intervals (Tiers).
      if (result.getJsonObject("samples") == null) {
        result.put("samples", new JsonObject());
      }
      result.getJsonObject("samples").put("probeUs", Samples.encode(p.success()));
    }
    if (child != null) {
      server(result, before, ServerSnapshot.take(child));
    }
    return result;
  }

  private JsonObject runLoad(Scenario scenario, Target target, Prediction prediction) throws Exception {
    if (scenario instanceof Scenario.Burst) {
      return burst((Scenario.Burst) scenario, target);
    }
    if (scenario instanceof Scenario.Rate) {
      Scenario.Rate rate = (Scenario.Rate) scenario;
      LoadResult r = runAll(List.of(openLoop(target, List.of(target.request(rate.load())), rate.load().ratePerSecond(),
          rate.seconds())), rate.seconds()).get(0);
      return withPrediction(loadJson(r).put("offeredPerSecond", rate.load().ratePerSecond())
          .put("timeline", Timelines.of(r, 0)), prediction, rate.load());
    }
    if (scenario instanceof Scenario.Ramp) {
      return ramp((Scenario.Ramp) scenario, target);
    }
    return mix((Scenario.Mix) scenario, target, prediction);
  }

  private JsonObject burst(Scenario.Burst burst, Target target) throws Exception {
    LoadRequest request = target.request(burst.load());
    // A connection each, all opened and sent together: the article's "N simultaneous requests".
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
        new PoolOptions().setHttp1MaxSize(burst.requests()));
    List<Future<JsonObject>> replies = new ArrayList<>();
    long start = System.nanoTime();
    RequestOptions options = request.options(target.host(), target.port())
        .setConnectTimeout(REQUEST_TIMEOUT_MS).setIdleTimeout(REQUEST_TIMEOUT_MS);
    for (int i = 0; i < burst.requests(); i++) {
      int index = i;
      replies.add(client.request(options)
          .compose(req -> request.send(req).compose(resp -> resp.body().map(body -> {
            JsonObject one = new JsonObject().put("request", index).put("status", resp.statusCode())
                .put("latencyMs", round((System.nanoTime() - start) / 1e6));
            try {
              JsonObject json = new JsonObject(body.toString());
              one.put("instance", json.getValue("instance")).put("thread", json.getValue("thread"))
                  .put("serviceMs", json.getValue("serviceMs")).put("queuedMs", json.getValue("queuedMs"))
                  .put("pid", json.getValue("pid"));
            } catch (RuntimeException notJson) {
              // An external target may answer anything; latency and status still count.
            }
            return one;
          })))
          .recover(failure -> Future.succeededFuture(new JsonObject().put("request", index).put("status", -1)
              .put("error", String.valueOf(failure.getMessage()))
              .put("latencyMs", round((System.nanoTime() - start) / 1e6)))));
    }
    try {
      await(Future.join(replies), REQUEST_TIMEOUT_MS / 1000.0 + 60);
    } finally {
      client.close();
    }
    JsonArray requests = new JsonArray();
    List<Double> latencies = new ArrayList<>();
    List<Double> okLatencies = new ArrayList<>();
    Counts counts = new Counts();
    for (Future<JsonObject> f : replies) {
      JsonObject one = f.result();
      requests.add(one);
      latencies.add(one.getDouble("latencyMs"));
      counts.add(one.getInteger("status"));
      if (one.getInteger("status") >= 200 && one.getInteger("status") < 300) {
        okLatencies.add(one.getDouble("latencyMs"));
      }
    }
    latencies.sort(Double::compare);
    // Which process answered how many: with several worker processes behind one port (gunicorn), whether the burst
    // spread over them.
    JsonObject perProcess = new JsonObject();
    for (Object o : requests) {
      Object pid = ((JsonObject) o).getValue("pid");
      if (pid != null) {
        perProcess.put(String.valueOf(pid), perProcess.getInteger(String.valueOf(pid), 0) + 1);
      }
    }
    double min = latencies.get(0);
    double max = latencies.get(latencies.size() - 1);
    double wall = max / 1000;
    return counts.into(new JsonObject().put("type", "burst").put("sent", burst.requests()))
        .put("completedPerSecond", round(counts.ok / wall))
        .put("latencyMs", new JsonObject().put("p50", pick(latencies, 50)).put("p90", pick(latencies, 90))
            .put("p99", pick(latencies, 99)).put("p999", pick(latencies, 99.9)).put("max", max))
        .put("spreadMs", round(max - min))
        .put("percentiles", Timelines.percentiles(latencies))
        .put("perProcess", perProcess)
        .put("samples", new JsonObject().put("okUs", Samples.encode(okLatencies)))
        .put("requests", requests);
  }

  private JsonObject ramp(Scenario.Ramp ramp, Target target) throws Exception {
    LoadRequest request = target.request(ramp.load());
    JsonArray steps = new JsonArray();
    Double capacity = null;
    LoadResult last = null;
    JsonObject timeline = null;
    double offset = 0;
    for (double rate : ramp.rates()) {
      LoadResult r = runAll(List.of(openLoop(target, List.of(request), rate, ramp.stepSeconds())), ramp.stepSeconds())
          .get(0);
      timeline = timeline == null ? Timelines.of(r, 0) : Timelines.append(timeline, r, offset);
      offset += ramp.stepSeconds();
      double p99 = LoadResult.ms(r.success(), 99);
      boolean held = r.ok() == r.sent() && p99 <= ramp.targetP99Ms();
      steps.add(new JsonObject().put("ratePerSecond", rate).put("completedPerSecond", round(r.completedPerSecond()))
          .put("p99Ms", round(p99)).put("ok", r.ok()).put("sent", r.sent()).put("held", held));
      if (held) {
        capacity = rate;
      }
      last = r;
      if (!held) {
        break;
      }
    }
    // The headline figures are the last step's; the timeline runs through every step.
    return loadJson(last).put("type", "ramp").put("steps", steps).put("targetP99Ms", ramp.targetP99Ms())
        .put("capacityPerSecond", capacity).put("timeline", timeline);
  }

  private JsonObject mix(Scenario.Mix mix, Target target, Prediction prediction) throws Exception {
    // Every path first: a route the target cannot serve must stop the scenario before any load starts.
    List<OpenLoopLoad> loads = new ArrayList<>();
    for (Scenario.Load load : mix.loads()) {
      loads.add(openLoop(target, List.of(target.request(load)), load.ratePerSecond(), mix.seconds()));
    }
    List<LoadResult> results = runAll(loads, mix.seconds());
    JsonArray parts = new JsonArray();
    Counts counts = new Counts();
    double completed = 0;
    long sent = 0;
    boolean fellBehind = false;
    for (int i = 0; i < results.size(); i++) {
      LoadResult r = results.get(i);
      Scenario.Load load = mix.loads().get(i);
      parts.add(withPrediction(loadJson(r).put("route", load.route()).put("offeredPerSecond", load.ratePerSecond()),
          prediction, load));
      counts.merge(r);
      completed += r.completedPerSecond();
      sent += r.sent();
      fellBehind |= r.generatorFellBehind();
    }
    // The headline latency of a mix is its first load's: the one the others might hurt. Counts are of all loads.
    // Its timeline: the 2xx of all loads per second, the first load's latency.
    JsonObject timeline = Timelines.of(results.get(0), 0);
    for (int i = 1; i < results.size(); i++) {
      Timelines.addThroughput(timeline, results.get(i));
    }
    return counts.into(loadJson(results.get(0))).put("type", "mix").put("sent", sent).put("timeline", timeline)
        .put("completedPerSecond", round(completed)).put("generatorFellBehind", fellBehind).put("parts", parts);
  }

  /** Runs the loads together and waits; if that fails or takes too long, every one of them is stopped first. */
  private static List<LoadResult> runAll(List<OpenLoopLoad> loads, double seconds) throws Exception {
    List<Future<LoadResult>> running = new ArrayList<>();
    for (OpenLoopLoad load : loads) {
      running.add(load.run());
    }
    try {
      await(Future.all(running), seconds + REQUEST_TIMEOUT_MS / 1000.0 + 60);
    } catch (Exception e) {
      loads.forEach(OpenLoopLoad::stop);
      throw e;
    }
    List<LoadResult> out = new ArrayList<>();
    for (Future<LoadResult> f : running) {
      out.add(f.result());
    }
    return out;
  }

  private static JsonObject loadJson(LoadResult r) {
    JsonObject ok = r.toJson().getJsonObject("okLatencyMs");
    return new Counts().merge(r).into(new JsonObject())
        .put("sent", r.sent())
        .put("completedPerSecond", round(r.completedPerSecond()))
        .put("latencyMs", new JsonObject().put("p50", ok.getDouble("p50")).put("p90", ok.getDouble("p90"))
            .put("p99", ok.getDouble("p99")).put("p999", ok.getDouble("p999")).put("max", ok.getDouble("max")))
        .put("percentiles", Timelines.percentiles(r.success()))
        // Each 2xx answer's latency, for the verdicts' intervals (Tiers).
        .put("samples", new JsonObject().put("okUs", Samples.encode(r.success())))
        .put("generatorSendLagP99Ms", round(LoadResult.ms(r.sendLag(), 99)))
        .put("generatorScheduleLagP99Ms", round(LoadResult.ms(r.scheduleLag(), 99)))
        .put("connectionWaitP99Ms", round(LoadResult.ms(r.connectionWait(), 99)))
        .put("generatorFellBehind", r.generatorFellBehind());
  }

  private static JsonObject withPrediction(JsonObject result, Prediction prediction, Scenario.Load load) {
    Double predicted = prediction != null ? prediction.completedPerSecond(load) : null;
    if (predicted != null) {
      result.put("predictedPerSecond", round(predicted))
          .put("measuredOverPredicted", round(result.getDouble("completedPerSecond") / predicted));
    }
    return result;
  }

  private static void server(JsonObject result, ServerSnapshot before, ServerSnapshot after) {
    double wall = (after.nanos() - before.nanos()) / 1e9;
    int cores = Runtime.getRuntime().availableProcessors();
    JsonObject perInstance = new JsonObject();
    double max = 0;
    double min = Double.MAX_VALUE;
    for (Map.Entry<Integer, Double> e : after.workRequestsByInstance().entrySet()) {
      double n = e.getValue() - before.workRequestsByInstance().getOrDefault(e.getKey(), 0.0);
      perInstance.put(Integer.toString(e.getKey()), (long) n);
      max = Math.max(max, n);
      min = Math.min(min, n);
    }
    int instances = after.stats().getJsonArray("instances").size();
    if (perInstance.size() < instances) {
      min = 0; // an instance that never answered work request
    }
    double cpu = after.cpuSeconds() - before.cpuSeconds();
    result.put("requestsPerInstance", perInstance)
        .put("instanceMaxOverMin", min > 0 ? round(max / min) : null)
        .put("coresBusy", before.cpuSeconds() >= 0 ? round(cpu / wall) : null)
        // Null when the work is not timed ("timings": false): no service time to compare, rather than a false 0.
        .put("efficiency", after.serviceSeconds() == null ? null : round((after.serviceSeconds()
            - (before.serviceSeconds() == null ? 0 : before.serviceSeconds())) / (wall * cores)));
  }

  private OpenLoopLoad openLoop(Target target, List<LoadRequest> requests, double rate, double seconds) {
    return new OpenLoopLoad(vertx, new LoadPlan(target.host(), target.port(), requests, rate, 0,
        Math.max(1, (long) (seconds * 1000)), MAX_CONNECTIONS, REQUEST_TIMEOUT_MS, Map.of(), 1000));
  }

  private static double pick(List<Double> sorted, double percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  static <T> T await(Future<T> future, double seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get((long) (seconds * 1000), TimeUnit.MILLISECONDS);
  }

  static Double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : null;
  }

  /** Status counts: 2xx, 503, 504, other statuses and connection errors; they add up to what was sent. */
  private static final class Counts {
    long ok;
    long s503;
    long s504;
    long other;
    long errors;

    void add(int status) {
      if (status < 0) {
        errors++;
      } else if (status >= 200 && status < 300) {
        ok++;
      } else if (status == 503) {
        s503++;
      } else if (status == 504) {
        s504++;
      } else {
        other++;
      }
    }

    Counts merge(LoadResult r) {
      ok += r.ok();
      s503 += r.overloaded();
      s504 += r.deadlineExceeded();
      other += r.otherStatus();
      errors += r.errors();
      return this;
    }

    JsonObject into(JsonObject json) {
      return json.put("status", new JsonObject().put("2xx", ok).put("503", s503).put("504", s504)
          .put("other", other).put("errors", errors));
    }
  }
}
