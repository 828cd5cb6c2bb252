package dev.offload.compare;

import dev.offload.FreePorts;
import dev.offload.config.ConfigException;
import dev.offload.config.ConfigParser;
import dev.offload.config.OffloadConfig;
import dev.offload.workload.Workloads;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The comparison: for each strategy entry, a fresh child JVM (or the external target), a warm-up, then every
 * scenario with the probe alongside; a child that fails to start or dies becomes a failed row and the run goes on.
 */
public final class CompareRunner {
  private static final long READY_TIMEOUT_MS = 60_000;
  private static final double STARTUP_ESTIMATE_SECONDS = 4;

  private final CompareSpec spec;
  private final Path reportDir;
  private final ServiceLauncher launcher;
  private final PrintStream progress;
  private final long startNanos = System.nanoTime();

  /** Each entry's calibration, found in its first round and used in every later one (same work each round). */
  private final java.util.Map<Integer, JsonObject> calibrations = new java.util.HashMap<>();

  /** With reuseJvm: the one child every strategy is switched into; null until the first starts it. */
  private ChildService shared;

  public CompareRunner(CompareSpec spec, Path reportDir, ServiceLauncher launcher, PrintStream progress) {
    this.spec = spec;
    this.launcher = launcher;
    this.reportDir = reportDir;
    this.progress = progress;
  }

  /** Runs everything and returns the report's JSON (also the input of the Markdown, HTML and terminal views). */
  public JsonObject run() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      ScenarioRunner runner = new ScenarioRunner(vertx, spec.probeRatePerSecond());
      Calibrator calibrator = spec.calibrate() == null ? null : new Calibrator(vertx);
      int n = spec.entries().size();
      List<List<JsonObject>> rounds = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        rounds.add(new ArrayList<>());
      }
      // Round r starts at entry r: A B C, then B C A, … so the machine's drift falls on every strategy alike.
      for (int round = 0; round < spec.repeat(); round++) {
        for (int k = 0; k < n; k++) {
          int i = (k + round) % n;
          rounds.get(i).add(runEntry(runner, calibrator, spec.entries().get(i), i, round));
        }
      }
      JsonArray strategies = new JsonArray();
      for (List<JsonObject> entryRounds : rounds) {
        strategies.add(Repeats.combine(entryRounds));
      }
      progressLine("done", "", "");
      progress.println();
      JsonObject report = ReportModel.header(spec, Instant.now()).put("strategies", strategies)
          .put("elapsedSeconds", ScenarioRunner.round((System.nanoTime() - startNanos) / 1e9));
      Verdicts.add(report);
      if (!spec.expectations().isEmpty()) {
        report.put("expectations", Expectations.check(report, spec.expectations()));
      }
      return report;
    } finally {
      if (shared != null) {
        shared.close();
        shared = null;
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private JsonObject runEntry(ScenarioRunner runner, Calibrator calibrator, CompareSpec.Entry entry, int index,
      int round) throws Exception {
    String label = entry.name() + " " + (index + 1) + "/" + spec.entries().size()
        + (spec.repeat() > 1 ? " round " + (round + 1) + "/" + spec.repeat() : "");
    JsonObject row = new JsonObject().put("name", entry.name()).put("external", entry.external())
        .put("startedAtMs", System.currentTimeMillis());
    if (entry.external()) {
      CompareSpec.ExternalTarget t = entry.target();
      row.put("target", new JsonObject().put("host", t.host()).put("port", t.port()).put("paths", new JsonObject(
          new java.util.LinkedHashMap<>(t.paths()))));
      try {
        Target target = new Target.External(t.host(), t.port(), t.paths());
        List<Scenario> scenarios = calibrated(calibrator, target, row, label, index);
        progressLine(label, "warm-up", "");
        runner.warmUp(target, scenarios, spec.warmupSeconds());
        return runScenarios(runner, row, label, target, null, null, scenarios);
      } catch (Exception e) {
        return failed(row, e.toString(), List.of());
      }
    }
    JsonObject config = ConfigMerge.merge(spec.base(), entry.config());
    // The children stop quickly: no load balancer to wait for, and the next strategy is waiting.
    config = ConfigMerge.merge(config, new JsonObject().put("shutdown",
        new JsonObject().put("graceMs", 0).put("timeoutMs", 5000)));
    ClusterPlan cluster = null;
    Prediction prediction;
    try {
      if (entry.workers() > 0) {
        cluster = ClusterPlan.of(entry, FreePorts.next());
        config = ConfigMerge.merge(config, cluster.frontCluster());
        row.put("workers", entry.workers()).put("workerConfig", entry.workerConfig());
      }
      row.put("config", config);
      OffloadConfig parsed = new ConfigParser(Workloads.withPlugins()).parse(config);
      prediction = new Prediction(parsed, cluster == null ? java.util.Map.of() : cluster.threadsByPool());
    } catch (ConfigException e) {
      // Refused here exactly as the child would refuse it; say why and go on.
      return failed(row.put("config", config), "config: " + e.getMessage(), List.of());
    }
    ChildService child;
    if (spec.reuseJvm() && shared != null) {
      child = shared;
      progressLine(label, "switching through the admin API", "");
      HttpResponse<String> put;
      try {
        put = child.putConfig(config);
      } catch (IOException e) {
        List<String> log = child.lastLogLines(20);
        if (!child.alive()) {
          // The next strategy starts a fresh shared JVM rather than switch a dead one.
          child.close();
          shared = null;
        }
        return failed(row, "the admin API did not answer the switch: " + e, log);
      }
      if (put.statusCode() != 200) {
        // E.g. a strategy that changes http.instances: that needs a restart, which reuseJvm does not do.
        return failed(row, "the admin API refused the switch (" + put.statusCode() + "): " + put.body(),
            child.lastLogLines(20));
      }
      row.put("configVersion", new JsonObject(put.body()).getLong("version"));
    } else {
      progressLine(label, "starting a JVM", "");
      child = launcher.serve(config, reportDir, spec.reuseJvm() ? "shared" : safeName(entry.name()),
          spec.reuseJvm() ? UUID.randomUUID().toString() : null);
      boolean up = cluster != null ? child.awaitServing(READY_TIMEOUT_MS) : child.awaitReady(READY_TIMEOUT_MS);
      if (!up) {
        String reason = child.alive() ? "not ready within " + READY_TIMEOUT_MS / 1000 + " s" : "exited at start";
        List<String> log = child.lastLogLines(20);
        child.close();
        return failed(row, reason, log);
      }
      if (spec.reuseJvm()) {
        shared = child;
        row.put("configVersion", 1);
      }
    }
    List<ChildService> workers = new java.util.ArrayList<>();
    try {
      if (cluster != null) {
        progressLine(label, "starting " + entry.workers() + " worker JVM(s)", "");
        String failure = cluster.start(launcher, child, reportDir, safeName(entry.name()), workers, READY_TIMEOUT_MS);
        if (failure != null) {
          List<String> log = workers.isEmpty() ? child.lastLogLines(20)
              : workers.get(workers.size() - 1).lastLogLines(20);
          return failed(row, failure, log);
        }
      }
      row.put("pid", child.pid());
      Target target = new Target.Offload("127.0.0.1", child.port());
      List<Scenario> scenarios = calibrated(calibrator, target, row, label, index);
      progressLine(label, "warm-up", "");
      runner.warmUp(target, scenarios, spec.warmupSeconds());
      runScenarios(runner, row, label, target, child, prediction, scenarios);
      row.put("peakRssMib", ScenarioRunner.round(child.peakRssMib()));
      if (!workers.isEmpty()) {
        JsonArray nodes = new JsonArray();
        for (ChildService worker : workers) {
          nodes.add(new JsonObject().put("pid", worker.pid()).put("peakRssMib",
              ScenarioRunner.round(worker.peakRssMib())));
        }
        row.put("workerNodes", nodes);
      }
      row.put("finalStats", new JsonObject(child.get("/stats").body()));
      row.put("metricsOffloadLines", offloadMetricLines(child.get("/metrics").body()));
      return row;
    } catch (ChildDied e) {
      return failed(row, e.getMessage(), child.lastLogLines(20));
    } catch (Exception e) {
      // Whatever went wrong with this strategy (a stuck child, a timeout) ends its row, not the comparison.
      return failed(row, e.toString(), child.lastLogLines(20));
    } finally {
      if (child != shared) {
        child.close();
      } else if (!child.alive()) {
        // The next strategy starts a fresh shared JVM rather than switch a dead one.
        child.close();
        shared = null;
      }
      // After the front: it has answered everything it sent them by then.
      for (ChildService worker : workers) {
        worker.close();
      }
    }
  }

  /**
   * The scenarios as this target runs them: calibrated when the file asks for it (the row says to what). An entry is
   * calibrated in its first round and keeps that value after, so that its rounds do the same work. A target that
   * cannot serve the calibrated route runs uncalibrated, and the row says why.
   */
  private List<Scenario> calibrated(Calibrator calibrator, Target target, JsonObject row, String label, int index)
      throws Exception {
    if (calibrator == null) {
      return spec.scenarios();
    }
    JsonObject calibration = calibrations.get(index);
    if (calibration == null) {
      progressLine(label, "calibrating " + spec.calibrate().route() + "." + spec.calibrate().param(), "");
      try {
        calibration = calibrator.run(target, spec.calibrate(), spec.scenarios());
      } catch (IllegalArgumentException cannotServe) {
        calibration = new JsonObject().put("route", spec.calibrate().route()).put("param", spec.calibrate().param())
            .put("error", "not calibrated: " + cannotServe.getMessage());
      }
      calibrations.put(index, calibration);
    }
    row.put("calibration", calibration.copy());
    if (calibration.containsKey("error")) {
      return spec.scenarios();
    }
    return Scenarios.withParam(spec.scenarios(), spec.calibrate().route(), spec.calibrate().param(),
        calibration.getLong("value"));
  }

  private JsonObject runScenarios(ScenarioRunner runner, JsonObject row, String label, Target target,
      ChildService child, Prediction prediction, List<Scenario> scenarios) throws Exception {
    JsonObject results = new JsonObject();
    for (Scenario scenario : scenarios) {
      progressLine(label, scenario.name(), "");
      JsonObject result;
      try {
        result = runner.run(scenario, target, child, prediction);
      } catch (IllegalArgumentException cannotServe) {
        result = new JsonObject().put("skipped", cannotServe.getMessage());
      } catch (Exception e) {
        if (child != null && !child.alive()) {
          throw new ChildDied("the service died during " + scenario.name());
        }
        result = new JsonObject().put("failed", e.toString());
      }
      results.put(scenario.name(), result);
    }
    return row.put("status", "ok").put("results", results);
  }

  private static JsonObject failed(JsonObject row, String reason, List<String> log) {
    return row.put("status", "failed").put("error", reason).put("logTail", new JsonArray(List.copyOf(log)));
  }

  private static JsonArray offloadMetricLines(String metrics) {
    JsonArray out = new JsonArray();
    for (String line : metrics.split("\n")) {
      if (line.startsWith("offload_pool_") || line.startsWith("offload_requests_total")) {
        out.add(line);
      }
    }
    return out;
  }

  /** One line, rewritten in place: what runs now, elapsed and the estimated total. */
  private void progressLine(String strategy, String step, String extra) {
    long elapsed = (System.nanoTime() - startNanos) / 1_000_000_000L;
    progress.print("\r\033[Kcompare: " + strategy + " " + step + " " + extra + " " + clock(elapsed) + " / ~"
        + clock((long) estimateSeconds()));
    progress.flush();
  }

  /** How long the whole comparison should take: start-up, warm-up and every scenario, per strategy. */
  public double estimateSeconds() {
    double perStrategy = STARTUP_ESTIMATE_SECONDS + spec.warmupSeconds();
    for (Scenario s : spec.scenarios()) {
      if (s instanceof Scenario.Rate) {
        perStrategy += ((Scenario.Rate) s).seconds() + 1;
      } else if (s instanceof Scenario.Mix) {
        perStrategy += ((Scenario.Mix) s).seconds() + 1;
      } else if (s instanceof Scenario.Ramp) {
        perStrategy += ((Scenario.Ramp) s).rates().size() * ((Scenario.Ramp) s).stepSeconds() + 1;
      } else {
        perStrategy += 2;
      }
    }
    if (spec.calibrate() != null) {
      // About 50 single requests of targetMs each, plus their round trips.
      perStrategy += 50 * (spec.calibrate().targetMs() + 2) / 1000;
    }
    double total = perStrategy * spec.entries().size();
    for (CompareSpec.Entry entry : spec.entries()) {
      total += entry.workers() * STARTUP_ESTIMATE_SECONDS;
    }
    return total * spec.repeat();
  }

  private static String clock(long seconds) {
    return seconds / 60 + ":" + String.format("%02d", seconds % 60);
  }

  private static String safeName(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** The child ended in the middle of the run. */
  private static final class ChildDied extends Exception {
    ChildDied(String message) {
      super(message);
    }
  }
}
