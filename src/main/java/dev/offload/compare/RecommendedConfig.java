package dev.offload.compare;

import dev.offload.config.ConfigException;
import dev.offload.config.ConfigParser;
import dev.offload.workload.Workloads;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * recommended-config.json: the compare file's base config with each recommended route as its chosen entry set it,
 * and the pool that route runs in as that entry configured it (a named pool's section, a built-in pool's admission,
 * the Vert.x worker pool's size for execute-blocking). Everything else is the base config's. Checked as
 * {@code ./run.sh --config} checks a file, so a config that would not start is never written.
 */
final class RecommendedConfig {
  private final JsonObject config;
  private final JsonArray notes = new JsonArray();
  /** What an earlier route's choice put in the config: pool name → its section, "section.key" → its value. */
  private final Map<String, JsonObject> placedPools = new HashMap<>();
  private final Map<String, Object> placedKeys = new HashMap<>();

  private RecommendedConfig(JsonObject base) {
    this.config = base.copy();
  }

  /** {@code {"config": …, "notes": […]}}, or {@code {"error": …, "notes": […]}} when the config does not parse. */
  static JsonObject of(JsonObject report, JsonObject recommendations) {
    RecommendedConfig out = new RecommendedConfig(report.getJsonObject("baseConfig", new JsonObject()));
    for (String route : recommendations.fieldNames()) {
      String strategy = recommendations.getJsonObject(route).getString("strategy");
      if (strategy == null) {
        out.notes.add(route + ": no recommendation, the base config's route is kept");
        continue;
      }
      out.place(route, strategy, Recommendations.row(report, strategy).getJsonObject("config"));
    }
    try {
      new ConfigParser(Workloads.withPlugins()).parse(out.config);
    } catch (ConfigException e) {
      return new JsonObject().put("error", "the recommended config does not start: " + e.getMessage())
          .put("notes", out.notes);
    }
    return new JsonObject().put("config", out.config).put("notes", out.notes);
  }

  private void place(String route, String strategy, JsonObject entryConfig) {
    JsonObject settings = entryConfig.getJsonObject("routes").getJsonObject(route).copy();
    String label = Recommendations.poolLabel(settings);
    if (settings.containsKey("pool")) {
      settings.put("pool", namedPool(entryConfig, settings.getString("pool"), route, strategy));
    } else if (label != null) {
      take(entryConfig, "admission", label, route, strategy);
      if (label.equals("default")) {
        take(entryConfig, "vertx", "workerPoolSize", route, strategy);
      }
    }
    section("routes").put(route, settings);
  }

  /**
   * The pool's name in the recommended config: its own, unless an earlier route's choice placed the same name with
   * other settings, in which case this route gets a copy under a name of its own.
   */
  private String namedPool(JsonObject entryConfig, String pool, String route, String strategy) {
    JsonObject wanted = entryConfig.getJsonObject("pools", new JsonObject()).getJsonObject(pool);
    if (wanted == null) {
      return pool;
    }
    JsonObject placed = placedPools.get(pool);
    String name = pool;
    if (placed != null && !placed.equals(wanted)) {
      name = pool + "-" + route;
      for (int i = 2; section("pools").containsKey(name); i++) {
        name = pool + "-" + route + "-" + i;
      }
      notes.add(route + ": pool \"" + pool + "\" as " + strategy + " sets it differs from the one another route's"
          + " choice placed, so this route runs in a copy named \"" + name + "\"");
    }
    placedPools.put(name, wanted);
    section("pools").put(name, wanted.copy());
    return name;
  }

  /** Copies {@code section.key} from the chosen entry's config where it set one; on a conflict the first stays. */
  private void take(JsonObject entryConfig, String sectionName, String key, String route, String strategy) {
    Object wanted = entryConfig.getJsonObject(sectionName, new JsonObject()).getValue(key);
    if (wanted == null) {
      return;
    }
    String path = sectionName + "." + key;
    Object placed = placedKeys.get(path);
    if (placed != null && !placed.equals(wanted)) {
      notes.add(route + ": " + strategy + " sets " + path + " to " + wanted + ", another route's choice set it to "
          + placed + " first, which is kept");
      return;
    }
    placedKeys.put(path, wanted);
    section(sectionName).put(key, wanted instanceof JsonObject o ? o.copy() : wanted);
  }

  private JsonObject section(String name) {
    JsonObject s = config.getJsonObject(name);
    if (s == null) {
      s = new JsonObject();
      config.put(name, s);
    }
    return s;
  }
}
