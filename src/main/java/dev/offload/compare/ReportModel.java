package dev.offload.compare;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** The report's header: what was compared, on what, how; the views (terminal, Markdown, HTML) read from it. */
final class ReportModel {
  private ReportModel() {
  }

  static JsonObject header(CompareSpec spec, Instant at) {
    JsonArray scenarios = new JsonArray();
    for (Scenario s : spec.scenarios()) {
      scenarios.add(describe(s));
    }
    // The jar's manifest, which every package in it shares.
    String version = ReportModel.class.getPackage().getImplementationVersion();
    return new JsonObject()
        .put("offloadVersion", version != null ? version : "development build")
        .put("createdAt", at.toString())
        .put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"))
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"))
        .put("mode", spec.reuseJvm()
            ? "one warm JVM for every strategy, switched through its admin API (reuseJvm)"
            : "a fresh child JVM per strategy")
        .put("warmupSeconds", spec.warmupSeconds())
        .put("repeat", spec.repeat())
        .put("probeRatePerSecond", spec.probeRatePerSecond())
        .put("baseConfig", spec.base())
        .put("scenarios", scenarios)
        .put("calibrate", spec.calibrate() == null ? null : new JsonObject().put("route", spec.calibrate().route())
            .put("param", spec.calibrate().param()).put("targetMs", spec.calibrate().targetMs())
            .put("start", spec.calibrate().start()));
  }

  /** The load's route, its method when it is a POST, and its params. */
  private static JsonObject load(JsonObject out, Scenario.Load load) {
    out.put("route", load.route());
    if (load.post()) {
      out.put("method", "POST");
    }
    return out.put("params", params(load));
  }

  static JsonObject describe(Scenario s) {
    JsonObject out = new JsonObject().put("name", s.name());
    if (s instanceof Scenario.Burst) {
      Scenario.Burst b = (Scenario.Burst) s;
      return load(out.put("type", "burst"), b.load()).put("requests", b.requests());
    }
    if (s instanceof Scenario.Rate) {
      Scenario.Rate r = (Scenario.Rate) s;
      return load(out.put("type", "rate"), r.load()).put("ratePerSecond", r.load().ratePerSecond())
          .put("seconds", r.seconds());
    }
    if (s instanceof Scenario.Ramp) {
      Scenario.Ramp r = (Scenario.Ramp) s;
      return load(out.put("type", "ramp"), r.load())
          .put("rates", new JsonArray(r.rates())).put("stepSeconds", r.stepSeconds())
          .put("targetP99Ms", r.targetP99Ms());
    }
    Scenario.Mix m = (Scenario.Mix) s;
    JsonArray loads = new JsonArray();
    for (Scenario.Load l : m.loads()) {
      loads.add(load(new JsonObject(), l).put("ratePerSecond", l.ratePerSecond()));
    }
    return out.put("type", "mix").put("loads", loads).put("seconds", m.seconds());
  }

  private static JsonObject params(Scenario.Load load) {
    return new JsonObject(new java.util.LinkedHashMap<>(load.params()));
  }
}
