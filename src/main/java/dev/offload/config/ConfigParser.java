package dev.offload.config;

import dev.offload.workload.ParamSpec;
import dev.offload.workload.Workload;
import dev.offload.workload.Workloads;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a config JSON object into an {@link OffloadConfig}; the first problem found is thrown as a
 * {@link ConfigException} naming its key.
 */
public final class ConfigParser {
  /** Labels that {@code /stats} uses for the built-in pools, so a named pool cannot take them. */
  public static final Set<String> RESERVED_POOL_NAMES = Set.of("default", "event-loop", "virtual");

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private final Workloads workloads;
  private final int javaFeatureVersion;

  /** A parser for the running JVM. */
  public ConfigParser(Workloads workloads) {
    this(workloads, Runtime.version().feature());
  }

  /** A parser that believes the JVM is {@code javaFeatureVersion} (tests check the Java 17 refusal with it). */
  public ConfigParser(Workloads workloads, int javaFeatureVersion) {
    this.workloads = workloads;
    this.javaFeatureVersion = javaFeatureVersion;
  }

  public OffloadConfig parse(JsonObject json) {
    JsonSection root = new JsonSection("", json);
    root.rejectUnknown(Set.of("http", "vertx", "pools", "routes", "limits", "metrics"));
    HttpSettings http = http(root.section("http"));
    VertxSettings vertx = vertx(root.section("vertx"));
    Map<String, PoolSettings> pools = pools(root.section("pools"));
    Map<String, RouteSettings> routes = routes(root.section("routes"), pools);
    Map<String, List<ParamSpec>> limits = limits(root.section("limits"));
    MetricsSettings metrics = metrics(root.section("metrics"));
    return new OffloadConfig(http, vertx, pools, routes, limits, metrics, json.copy());
  }

  private static HttpSettings http(JsonSection s) {
    s.rejectUnknown(Set.of("host", "port", "instances"));
    String host = s.string("host", "0.0.0.0");
    if (host.isBlank()) {
      throw new ConfigException(s.key("host"), "must not be empty");
    }
    return new HttpSettings(host, s.intIn("port", 8080, 1, 65535), s.intIn("instances", CORES, 1, 1024));
  }

  private static VertxSettings vertx(JsonSection s) {
    s.rejectUnknown(Set.of("eventLoopPoolSize", "workerPoolSize", "maxEventLoopExecuteMs"));
    return new VertxSettings(
        s.intIn("eventLoopPoolSize", 2 * CORES, 1, 1024),
        s.intIn("workerPoolSize", 20, 1, 10_000),
        s.longIn("maxEventLoopExecuteMs", 2000, 1, 3_600_000));
  }

  private static Map<String, PoolSettings> pools(JsonSection s) {
    Map<String, PoolSettings> pools = new LinkedHashMap<>();
    for (Map.Entry<String, JsonSection> e : s.sections().entrySet()) {
      String name = e.getKey();
      JsonSection p = e.getValue();
      if (!name.matches("[a-z][a-z0-9-]{0,31}")) {
        throw new ConfigException(s.key(name), "pool name must be lower-case letters, digits and '-' (at most 32)");
      }
      if (RESERVED_POOL_NAMES.contains(name)) {
        throw new ConfigException(s.key(name), "\"" + name + "\" is reserved for a built-in pool; choose another name");
      }
      p.rejectUnknown(Set.of("size", "maxQueue", "maxQueueWaitMs"));
      if (!p.has("size")) {
        throw new ConfigException(p.key("size"), "missing (the number of threads, 1..10000)");
      }
      pools.put(name, new PoolSettings(name,
          p.intIn("size", 0, 1, 10_000),
          p.intIn("maxQueue", 1000, 0, 1_000_000),
          p.longIn("maxQueueWaitMs", 5000, 1, 3_600_000)));
    }
    return Collections.unmodifiableMap(pools);
  }

  private Map<String, RouteSettings> routes(JsonSection s, Map<String, PoolSettings> pools) {
    Map<String, RouteSettings> routes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonSection> e : s.sections().entrySet()) {
      requireWorkload(s.key(e.getKey()), e.getKey());
      routes.put(e.getKey(), route(e.getValue(), pools));
    }
    return Collections.unmodifiableMap(routes);
  }

  private RouteSettings route(JsonSection r, Map<String, PoolSettings> pools) {
    r.rejectUnknown(Set.of("strategy", "ordered", "pool"));
    if (!r.has("strategy")) {
      throw new ConfigException(r.key("strategy"), "missing (one of " + Strategy.allNames() + ")");
    }
    Strategy strategy = Strategy.fromConfigName(r.key("strategy"), r.string("strategy", null));
    if (r.has("ordered") && strategy != Strategy.EXECUTE_BLOCKING) {
      throw new ConfigException(r.key("ordered"), "only execute-blocking takes \"ordered\"");
    }
    String pool = r.string("pool", null);
    if (strategy.needsPool()) {
      if (pool == null) {
        throw new ConfigException(r.key("pool"), "missing: " + strategy.configName() + " needs a pool from \"pools\"");
      }
      if (!pools.containsKey(pool)) {
        throw new ConfigException(r.key("pool"), "no pool named \"" + pool + "\" in \"pools\""
            + (pools.isEmpty() ? " (none defined)" : " (defined: " + String.join(", ", pools.keySet()) + ")"));
      }
    } else if (pool != null) {
      throw new ConfigException(r.key("pool"), strategy.configName() + " does not use a pool");
    }
    if (strategy == Strategy.VIRTUAL_THREAD && javaFeatureVersion < 21) {
      throw new ConfigException(r.key("strategy"), "virtual-thread needs Java 21 or later, this JVM is Java "
          + javaFeatureVersion + " (run with a newer JDK or pick another strategy)");
    }
    // Vert.x's own default is ordered=true; offload defaults to false because ordered serialises each instance.
    return new RouteSettings(strategy, r.bool("ordered", false), pool);
  }

  private Map<String, List<ParamSpec>> limits(JsonSection s) {
    for (String name : s.names()) {
      requireWorkload(s.key(name), name);
    }
    Map<String, List<ParamSpec>> all = new LinkedHashMap<>();
    for (Workload w : workloads.all()) {
      JsonSection ws = s.section(w.name());
      List<String> declared = w.params().stream().map(ParamSpec::name).toList();
      ws.rejectUnknown(Set.copyOf(declared));
      List<ParamSpec> specs = new ArrayList<>();
      for (ParamSpec spec : w.params()) {
        specs.add(limit(ws.section(spec.name()), spec));
      }
      all.put(w.name(), List.copyOf(specs));
    }
    return Collections.unmodifiableMap(all);
  }

  private static ParamSpec limit(JsonSection l, ParamSpec spec) {
    l.rejectUnknown(Set.of("min", "max"));
    long min = l.longIn("min", spec.min(), spec.floor(), spec.ceiling());
    long max = l.longIn("max", spec.max(), spec.floor(), spec.ceiling());
    if (min > max) {
      throw new ConfigException(l.key("min"), "min " + min + " is above max " + max);
    }
    return spec.withRange(min, max);
  }

  private static MetricsSettings metrics(JsonSection s) {
    s.rejectUnknown(Set.of("lagProbeIntervalMs"));
    return new MetricsSettings(s.longIn("lagProbeIntervalMs", 50, 1, 60_000));
  }

  private void requireWorkload(String key, String name) {
    if (workloads.find(name).isEmpty()) {
      List<String> names = workloads.all().stream().map(Workload::name).toList();
      throw new ConfigException(key, "no workload named \"" + name + "\" (one of " + String.join(", ", names) + ")");
    }
  }
}
