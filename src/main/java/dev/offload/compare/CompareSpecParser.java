package dev.offload.compare;

import dev.offload.config.ConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a compare file; every problem is a {@link ConfigException} naming the key. */
public final class CompareSpecParser {
  /** The keys a compare file may hold at its top. */
  public static final Set<String> TOP = Set.of("baseConfig", "base", "warmupSeconds", "probe", "reuseJvm", "strategies",
      "scenarios", "repeat", "calibrate", "expect");

  private CompareSpecParser() {
  }

  /** Reads {@code file}; a {@code baseConfig} path is relative to the compare file's folder. */
  public static CompareSpec load(Path file) {
    JsonObject json = readJson(file, "");
    return parse(json, file.toAbsolutePath().getParent());
  }

  /** Checks a compare file already read; {@code dir} is the folder its {@code baseConfig} path is relative to. */
  public static CompareSpec parse(JsonObject json, Path dir) {
    for (String key : json.fieldNames()) {
      if (!TOP.contains(key)) {
        throw new ConfigException(key, "unknown key (allowed: " + String.join(", ", TOP) + ")");
      }
    }
    JsonObject base = json.containsKey("baseConfig")
        ? readJson(dir.resolve(string(json, "baseConfig", "baseConfig")), "baseConfig")
        : new JsonObject();
    if (json.containsKey("base")) {
      base = ConfigMerge.merge(base, object(json, "base", "base"));
    }
    double warmup = number(json, "warmupSeconds", "warmupSeconds", 10, 0, 600);
    JsonObject probe = json.containsKey("probe") ? object(json, "probe", "probe") : new JsonObject();
    double probeRate = number(probe, "ratePerSecond", "probe.ratePerSecond", 50, 1, 1000);
    boolean reuseJvm = false;
    if (json.containsKey("reuseJvm")) {
      if (!(json.getValue("reuseJvm") instanceof Boolean)) {
        throw new ConfigException("reuseJvm", "must be true or false");
      }
      reuseJvm = json.getBoolean("reuseJvm");
    }
    List<CompareSpec.Entry> entries = entries(array(json, "strategies", "strategies"), reuseJvm);
    List<Scenario> scenarios = scenarios(array(json, "scenarios", "scenarios"));
    double repeat = number(json, "repeat", "repeat", 1, 1, 50);
    if (repeat != Math.rint(repeat)) {
      throw new ConfigException("repeat", "must be a whole number of rounds, got " + json.getValue("repeat"));
    }
    CompareSpec.Calibrate calibrate = json.containsKey("calibrate")
        ? calibrate(object(json, "calibrate", "calibrate"), scenarios) : null;
    List<Expectations.Expectation> expectations = json.containsKey("expect")
        ? Expectations.parse(array(json, "expect", "expect"), scenarios, entries) : List.of();
    return new CompareSpec(base, entries, scenarios, warmup, probeRate, reuseJvm, (int) repeat, calibrate,
        expectations);
  }

  private static CompareSpec.Calibrate calibrate(JsonObject c, List<Scenario> scenarios) {
    allow(c, "calibrate", "route", "param", "targetMs", "start");
    String route = string(c, "route", "calibrate.route");
    String param = string(c, "param", "calibrate.param");
    double targetMs = number(c, "targetMs", "calibrate.targetMs", 20, 0.1, 600_000);
    // The first value tried: the file's own, else what the first load on the route asks for, else 1000.
    Long fromScenarios = null;
    for (Scenario s : scenarios) {
      for (Scenario.Load load : Scenarios.loads(s)) {
        if (fromScenarios == null && load.route().equals(route) && load.params().get(param) instanceof Long) {
          fromScenarios = (Long) load.params().get(param);
        }
      }
    }
    if (!c.containsKey("start") && fromScenarios == null) {
      boolean routeUsed = scenarios.stream().flatMap(s -> Scenarios.loads(s).stream())
          .anyMatch(l -> l.route().equals(route));
      if (!routeUsed) {
        throw new ConfigException("calibrate.route", "no scenario loads route \"" + route + "\"");
      }
    }
    double start = number(c, "start", "calibrate.start", fromScenarios != null ? fromScenarios : 1000, 1, 1e12);
    return new CompareSpec.Calibrate(route, param, targetMs, (long) start);
  }

  private static List<CompareSpec.Entry> entries(JsonArray array, boolean reuseJvm) {
    List<CompareSpec.Entry> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String key = "strategies[" + i + "]";
      JsonObject e = element(array, i, key);
      allow(e, key, "name", "config", "target", "workers", "workerConfig");
      String name = string(e, "name", key + ".name");
      if (!names.add(name)) {
        throw new ConfigException(key + ".name", "\"" + name + "\" is used twice");
      }
      if (e.containsKey("target") == e.containsKey("config")) {
        throw new ConfigException(key, "give either \"config\" (an offload config over the base) or \"target\""
            + " (a running service), not both or neither");
      }
      if (e.containsKey("workers") || e.containsKey("workerConfig")) {
        if (!e.containsKey("workers")) {
          throw new ConfigException(key + ".workers", "missing (how many worker JVMs, 1..8)");
        }
        int workers = (int) number(e, "workers", key + ".workers", 0, 1, 8);
        if (workers != number(e, "workers", key + ".workers", 0, 1, 8)) {
          throw new ConfigException(key + ".workers", "must be a whole number");
        }
        if (!e.containsKey("workerConfig")) {
          throw new ConfigException(key + ".workerConfig", "missing: the worker nodes' config (their exported pools)");
        }
        if (!e.containsKey("config")) {
          throw new ConfigException(key + ".workers", "worker nodes serve an offload front, not a \"target\"");
        }
        if (reuseJvm) {
          throw new ConfigException(key + ".workers", "a cluster is started per strategy: not with reuseJvm");
        }
        out.add(new CompareSpec.Entry(name, object(e, "config", key + ".config"), null, workers,
            object(e, "workerConfig", key + ".workerConfig")));
      } else if (e.containsKey("config")) {
        out.add(new CompareSpec.Entry(name, object(e, "config", key + ".config"), null));
      } else {
        out.add(new CompareSpec.Entry(name, null, target(object(e, "target", key + ".target"), key + ".target")));
      }
    }
    if (out.isEmpty()) {
      throw new ConfigException("strategies", "at least one");
    }
    return out;
  }

  private static CompareSpec.ExternalTarget target(JsonObject t, String key) {
    allow(t, key, "url", "paths");
    URI url;
    try {
      url = URI.create(string(t, "url", key + ".url"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ".url", "not a URL: " + e.getMessage());
    }
    String host = url.getHost();
    if (!"http".equals(url.getScheme()) || host == null || url.getPort() < 1) {
      throw new ConfigException(key + ".url", "must be http://HOST:PORT");
    }
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("[::1]")) {
      throw new ConfigException(key + ".url", "load goes to loopback only (127.0.0.1, localhost, [::1])");
    }
    JsonObject paths = object(t, "paths", key + ".paths");
    Map<String, String> out = new LinkedHashMap<>();
    for (String route : paths.fieldNames()) {
      String path = string(paths, route, key + ".paths." + route);
      if (!path.startsWith("/")) {
        throw new ConfigException(key + ".paths." + route, "must start with /");
      }
      out.put(route, path);
    }
    return new CompareSpec.ExternalTarget(host.equals("[::1]") ? "::1" : host, url.getPort(), out);
  }

  private static List<Scenario> scenarios(JsonArray array) {
    List<Scenario> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String key = "scenarios[" + i + "]";
      JsonObject s = element(array, i, key);
      String name = string(s, "name", key + ".name");
      if (!names.add(name)) {
        throw new ConfigException(key + ".name", "\"" + name + "\" is used twice");
      }
      String type = string(s, "type", key + ".type");
      switch (type) {
        case "burst":
          allow(s, key, "name", "type", "route", "method", "params", "requests");
          out.add(new Scenario.Burst(name, load(s, key, false),
              (int) number(s, "requests", key + ".requests", 8, 1, 1000)));
          break;
        case "rate":
          allow(s, key, "name", "type", "route", "method", "params", "ratePerSecond", "seconds");
          out.add(new Scenario.Rate(name, load(s, key, true), number(s, "seconds", key + ".seconds", 10, 0.5, 3600)));
          break;
        case "ramp":
          allow(s, key, "name", "type", "route", "method", "params", "rates", "stepSeconds", "targetP99Ms");
          List<Double> rates = new ArrayList<>();
          JsonArray r = array(s, "rates", key + ".rates");
          for (int j = 0; j < r.size(); j++) {
            Object v = r.getValue(j);
            if (!(v instanceof Number) || ((Number) v).doubleValue() <= 0) {
              throw new ConfigException(key + ".rates[" + j + "]", "must be a positive number");
            }
            rates.add(((Number) v).doubleValue());
          }
          if (rates.isEmpty()) {
            throw new ConfigException(key + ".rates", "at least one rate");
          }
          out.add(new Scenario.Ramp(name, load(s, key, false), rates,
              number(s, "stepSeconds", key + ".stepSeconds", 5, 0.5, 600),
              number(s, "targetP99Ms", key + ".targetP99Ms", 500, 1, 600_000)));
          break;
        case "mix":
          allow(s, key, "name", "type", "loads", "seconds");
          JsonArray loads = array(s, "loads", key + ".loads");
          List<Scenario.Load> parts = new ArrayList<>();
          for (int j = 0; j < loads.size(); j++) {
            String partKey = key + ".loads[" + j + "]";
            JsonObject part = element(loads, j, partKey);
            allow(part, partKey, "route", "method", "params", "ratePerSecond");
            parts.add(load(part, partKey, true));
          }
          if (parts.size() < 2) {
            throw new ConfigException(key + ".loads", "a mix needs at least two loads");
          }
          out.add(new Scenario.Mix(name, parts, number(s, "seconds", key + ".seconds", 10, 0.5, 3600)));
          break;
        default:
          throw new ConfigException(key + ".type", "unknown scenario type \"" + type + "\" (one of burst, rate, ramp,"
              + " mix)");
      }
    }
    if (out.isEmpty()) {
      throw new ConfigException("scenarios", "at least one");
    }
    return out;
  }

  private static Scenario.Load load(JsonObject s, String key, boolean needsRate) {
    String route = string(s, "route", key + ".route");
    Map<String, Object> params = new LinkedHashMap<>();
    if (s.containsKey("params")) {
      JsonObject p = object(s, "params", key + ".params");
      for (String name : p.fieldNames()) {
        Object v = p.getValue(name);
        if (!(v instanceof String) && !(v instanceof Number)) {
          throw new ConfigException(key + ".params." + name, "must be a string or a number");
        }
        params.put(name, v instanceof Number && ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue())
            ? (Object) ((Number) v).longValue() : v);
      }
    }
    double rate = needsRate ? number(s, "ratePerSecond", key + ".ratePerSecond", 0, 0.1, 100_000) : 0;
    if (needsRate && !s.containsKey("ratePerSecond")) {
      throw new ConfigException(key + ".ratePerSecond", "missing");
    }
    String method = s.containsKey("method") ? string(s, "method", key + ".method") : "GET";
    if (!method.equals("GET") && !method.equals("POST")) {
      throw new ConfigException(key + ".method", "GET (parameters in the query) or POST (a JSON body), got " + method);
    }
    return new Scenario.Load(route, params, rate, method.equals("POST"));
  }

  private static JsonObject readJson(Path file, String key) {
    try {
      return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException(key.isEmpty() ? file.toString() : key, "cannot read " + file + ": " + e.getMessage());
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException(key.isEmpty() ? file.toString() : key, file + " is not a JSON object");
    }
  }

  private static void allow(JsonObject o, String key, String... names) {
    Set<String> allowed = Set.of(names);
    for (String name : o.fieldNames()) {
      if (!allowed.contains(name)) {
        throw new ConfigException(key + "." + name, "unknown key (allowed here: " + String.join(", ", names) + ")");
      }
    }
  }

  private static JsonObject element(JsonArray array, int i, String key) {
    Object v = array.getValue(i);
    if (!(v instanceof JsonObject)) {
      throw new ConfigException(key, "must be an object");
    }
    return (JsonObject) v;
  }

  private static JsonObject object(JsonObject o, String name, String key) {
    Object v = o.getValue(name);
    if (!(v instanceof JsonObject)) {
      throw new ConfigException(key, v == null ? "missing (an object)" : "must be an object");
    }
    return (JsonObject) v;
  }

  private static JsonArray array(JsonObject o, String name, String key) {
    Object v = o.getValue(name);
    if (!(v instanceof JsonArray)) {
      throw new ConfigException(key, v == null ? "missing (an array)" : "must be an array");
    }
    return (JsonArray) v;
  }

  private static String string(JsonObject o, String name, String key) {
    Object v = o.getValue(name);
    if (!(v instanceof String) || ((String) v).isBlank()) {
      throw new ConfigException(key, v == null ? "missing (a string)" : "must be a non-empty string");
    }
    return (String) v;
  }

  private static double number(JsonObject o, String name, String key, double fallback, double min, double max) {
    if (!o.containsKey(name)) {
      return fallback;
    }
    Object v = o.getValue(name);
    if (!(v instanceof Number)) {
      throw new ConfigException(key, "must be a number");
    }
    double d = ((Number) v).doubleValue();
    if (d < min || d > max) {
      throw new ConfigException(key, v + " is out of range " + min + ".." + max);
    }
    return d;
  }
}
