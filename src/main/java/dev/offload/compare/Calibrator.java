package dev.offload.compare;

import dev.offload.load.LoadRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds, on one target, the value of a parameter at which a single request takes about the target time: requests are
 * sent one at a time (nothing else runs), a value's time is the median of a few, and the value is scaled by
 * target ÷ measured until it lands within 15% (at most five steps, each at most 100×), after a warm-up of a second
 * at the first value. The work is taken as proportional to the parameter, as iterations are. The value found is
 * then measured once more, the median of 20, and corrected again (at most twice) while that misses by more than 15%;
 * {@code converged} says whether the last measurement landed within 30% of the target.
 */
final class Calibrator {
  private static final int STEP_SAMPLES = 5;
  private static final int FINAL_SAMPLES = 20;
  private static final int MAX_STEPS = 5;
  private static final double CLOSE_ENOUGH = 0.15;
  private static final long WARM_UP_NANOS = 1_000_000_000L;

  private final Vertx vertx;

  Calibrator(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The calibration of {@code target}: {@code {route, param, targetMs, value, singleMs, steps: [{value, ms}]}}. */
  JsonObject run(Target target, CompareSpec.Calibrate spec, List<Scenario> scenarios) throws Exception {
    Scenario.Load template = scenarios.stream().flatMap(s -> Scenarios.loads(s).stream())
        .filter(l -> l.route().equals(spec.route())).findFirst()
        .orElse(new Scenario.Load(spec.route(), Map.of(), 1, false));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
    try {
      long value = spec.start();
      JsonArray steps = new JsonArray();
      // Warm-up at the first value, at least a second and ten requests: JIT, connections, the target's own caches.
      // A cold JVM would be sized against code not yet compiled, and run faster than the target afterwards.
      long warmUntil = System.nanoTime() + WARM_UP_NANOS;
      int warmed = 0;
      while ((warmed < 10 || System.nanoTime() < warmUntil) && warmed < 1000) {
        medianMs(client, target, template, spec, value, 1);
        warmed++;
      }
      for (int step = 0; step < MAX_STEPS; step++) {
        double ms = medianMs(client, target, template, spec, value, STEP_SAMPLES);
        steps.add(new JsonObject().put("value", value).put("ms", ScenarioRunner.round(ms)));
        double ratio = spec.targetMs() / Math.max(ms, 0.001);
        if (Math.abs(ratio - 1) <= CLOSE_ENOUGH) {
          break;
        }
        value = scaled(value, spec.targetMs(), ms);
      }
      // The value found, measured on more requests; a few samples can land near the target by chance on a shared
      // machine, so while the larger measurement misses, correct once more (at most twice).
      double single = medianMs(client, target, template, spec, value, FINAL_SAMPLES);
      for (int again = 0; again < 2 && Math.abs(single / spec.targetMs() - 1) > CLOSE_ENOUGH; again++) {
        steps.add(new JsonObject().put("value", value).put("ms", ScenarioRunner.round(single)));
        value = scaled(value, spec.targetMs(), single);
        single = medianMs(client, target, template, spec, value, FINAL_SAMPLES);
      }
      // Not within reach (the parameter barely moves the time, or the target's time is mostly something else):
      // the report says so instead of passing the value off as calibrated.
      boolean converged = Math.abs(single / spec.targetMs() - 1) <= 2 * CLOSE_ENOUGH;
      return new JsonObject().put("route", spec.route()).put("param", spec.param()).put("targetMs", spec.targetMs())
          .put("value", value).put("singleMs", ScenarioRunner.round(single)).put("converged", converged)
          .put("steps", steps);
    } finally {
      client.close();
    }
  }

  /** {@code value} × target ÷ measured, by at most 100× either way, and at least 1. */
  private static long scaled(long value, double targetMs, double measuredMs) {
    double ratio = targetMs / Math.max(measuredMs, 0.001);
    return Math.max(1, Math.round(value * Math.min(100, Math.max(0.01, ratio))));
  }

  private double medianMs(HttpClient client, Target target, Scenario.Load template, CompareSpec.Calibrate spec,
      long value, int samples) throws Exception {
    LoadRequest request = target.request(Scenarios.set(template, spec.route(), spec.param(), value));
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      long start = System.nanoTime();
      Future<Integer> status = client.request(request.options(target.host(), target.port()))
          .compose(req -> request.send(req).compose(resp -> resp.body().map(b -> resp.statusCode())));
      int code = ScenarioRunner.await(status, 120);
      if (code < 200 || code >= 300) {
        throw new IllegalStateException("calibration: " + request + " answered " + code);
      }
      times.add((System.nanoTime() - start) / 1e6);
    }
    return Statistics.median(times);
  }
}
