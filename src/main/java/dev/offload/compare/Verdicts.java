package dev.offload.compare;

import io.vertx.core.json.JsonObject;

/** Adds the verdicts to a finished report: the tiers, then a recommendation per route, then the config they make. */
final class Verdicts {
  private Verdicts() {
  }

  static JsonObject add(JsonObject report) {
    JsonObject verdicts = new JsonObject().put("scenarios", Tiers.of(report));
    report.put("verdicts", verdicts);
    JsonObject recommendations = Recommendations.of(report);
    verdicts.put("recommendations", recommendations);
    return report.put("recommendedConfig", RecommendedConfig.of(report, recommendations));
  }
}
