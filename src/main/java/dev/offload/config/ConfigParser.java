package dev.offload.config;

import dev.offload.dispatch.ThreadNice;
import dev.offload.workload.ParamSpec;
import dev.offload.workload.SettingsException;
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

  private static final String CLUSTER_LABEL_PREFIX = "cluster:";
  private static final String POOL_NAME = "[a-z][a-z0-9-]{0,31}";
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

  /** The label of the front's admission for work it sends to the cluster's pool {@code pool}. */
  public static String clusterPoolLabel(String pool) {
    return CLUSTER_LABEL_PREFIX + pool;
  }

  /** True for the label of a front's admission to a cluster pool, as {@link #clusterPoolLabel} makes it. */
  public static boolean isClusterPoolLabel(String label) {
    return label.startsWith(CLUSTER_LABEL_PREFIX)
        && label.substring(CLUSTER_LABEL_PREFIX.length()).matches(POOL_NAME);
  }

  public OffloadConfig parse(JsonObject json) {
    JsonSection root = new JsonSection("", json);
    root.rejectUnknown(ConfigKeys.in(""));
    HttpSettings http = http(root.section("http"));
    VertxSettings vertx = vertx(root.section("vertx"));
    ClusterSettings cluster = root.has("cluster") ? cluster(root.section("cluster")) : null;
    Map<String, AdmissionSettings> admission = new LinkedHashMap<>();
    builtInAdmission(root.section("admission"), http, vertx, admission);
    Map<String, PoolSettings> pools = pools(root.section("pools"), admission, cluster);
    Map<String, RouteSettings> routes = routes(root.section("routes"), pools, cluster);
    clusterAdmission(root.section("admission"), routes, admission);
    Map<String, List<ParamSpec>> limits = limits(root.section("limits"));
    MetricsSettings metrics = metrics(root.section("metrics"));
    return new OffloadConfig(http, vertx, pools, routes, limits, metrics, Collections.unmodifiableMap(admission),
        readiness(root.section("readiness")), shutdown(root.section("shutdown")),
        workloadSettings(root.section("workloads")), admin(root, http), cluster, dashboard(root.section("dashboard")),
        json.copy());
  }

  private static ClusterSettings cluster(JsonSection s) {
    s.rejectUnknown(ConfigKeys.in("cluster"));
    String name = s.string("name", "offload");
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new ConfigException(s.key("name"), "must be letters, digits, '.', '_' and '-' (at most 64), got \""
          + name + "\"");
    }
    String host = nonBlank(s, "host", "127.0.0.1");
    String publicHost = nonBlank(s, "publicHost", host);
    int port = s.intIn("port", 5701, 1, 65535);
    List<String> members = s.strings("members", List.of());
    for (int i = 0; i < members.size(); i++) {
      // host, host:port, [v6] or [v6]:port; the port, when given, must be one.
      String member = members.get(i).trim();
      int colon = member.startsWith("[") ? (member.contains("]:") ? member.indexOf("]:") + 1 : -1)
          : member.indexOf(':') == member.lastIndexOf(':') ? member.lastIndexOf(':') : -1;
      boolean hasPort = colon > 0;
      String hostPart = hasPort ? member.substring(0, colon) : member;
      if (hostPart.isEmpty() || hostPart.contains(" ")) {
        throw new ConfigException(s.key("members") + "[" + i + "]", "must be host or host:port, got \"" + member
            + "\"");
      }
      if (hasPort) {
        String portPart = member.substring(colon + 1);
        if (!portPart.matches("[0-9]{1,5}") || Integer.parseInt(portPart) < 1 || Integer.parseInt(portPart) > 65535) {
          throw new ConfigException(s.key("members") + "[" + i + "]", "port must be 1..65535, got \"" + member
              + "\"");
        }
      }
    }
    ClusterTlsSettings tls = s.has("tls") ? NodeCertificates.read(s.section("tls")) : null;
    boolean allowPlainText = s.bool("allowPlainText", false);
    if (tls == null && !allowPlainText) {
      for (String key : List.of("host", "publicHost")) {
        String address = key.equals("host") ? host : publicHost;
        if (!Tls.isLoopback(address)) {
          // Work, passwords included, would cross the network readable, to any JVM that joins the member port.
          throw new ConfigException(s.key(key), "the cluster would use " + address + ", which is not a loopback "
              + "address, without TLS: give cluster.tls (certFile, keyFile, caFile; scripts/cluster-certs.sh makes "
              + "them), or set cluster.allowPlainText to true to send work in clear text");
        }
      }
    }
    return new ClusterSettings(name, host, publicHost, port, s.intIn("busPort", 0, 0, 65535), members,
        s.longIn("failureDetectionMs", 5000, 500, 600_000), s.longIn("requestTimeoutMs", 30_000, 1, 3_600_000),
        s.intIn("maxAttempts", 3, 1, 16),
        s.longIn("connectTimeoutMs", ClusterSettings.DEFAULT_CONNECT_TIMEOUT_MS, 100, 60_000), tls, allowPlainText);
  }

  private static String nonBlank(JsonSection s, String key, String fallback) {
    String value = s.string(key, fallback);
    if (value.isBlank()) {
      throw new ConfigException(s.key(key), "must not be empty");
    }
    return value;
  }

  /**
   * The front's admission for each cluster pool its routes send work to, from {@code admission."cluster:<pool>"}:
   * it bounds what this node has in flight to the cluster. The workers' own admission is theirs.
   */
  private static void clusterAdmission(JsonSection s, Map<String, RouteSettings> routes,
      Map<String, AdmissionSettings> out) {
    List<String> used = routes.values().stream().filter(r -> r.strategy().remote())
        .map(r -> clusterPoolLabel(r.pool())).distinct().toList();
    for (String label : s.names()) {
      if (label.startsWith(CLUSTER_LABEL_PREFIX) && !used.contains(label)) {
        throw new ConfigException(s.key(label), "no route sends work to the cluster's pool "
            + label.substring(CLUSTER_LABEL_PREFIX.length()) + " (\"strategy\": \"cluster\")");
      }
    }
    for (String label : used) {
      out.put(label, admission(s.section(label), label, 256, true));
    }
  }

  private static HttpSettings http(JsonSection s) {
    s.rejectUnknown(ConfigKeys.in("http"));
    String host = s.string("host", "0.0.0.0");
    if (host.isBlank()) {
      throw new ConfigException(s.key("host"), "must not be empty");
    }
    return new HttpSettings(host, s.intIn("port", 8080, 1, 65535), s.intIn("instances", CORES, 1, 1024),
        s.longIn("maxBodyBytes", 65_536, 64, 64L << 20),
        s.intIn("idleTimeoutSeconds", 60, 1, 86_400),
        s.longIn("requestHeaderTimeoutMs", 10_000, 100, 600_000),
        s.intIn("maxConnections", 10_000, 1, 1_000_000),
        // Netty's own defaults, which Vert.x keeps: 8 KiB of headers, a 4 KiB request line.
        s.intIn("maxHeaderBytes", 8192, 1024, 1 << 20),
        s.intIn("maxInitialLineBytes", 4096, 256, 1 << 20),
        s.has("tls") ? Tls.read(s.section("tls")) : null);
  }

  private static AdminSettings admin(JsonSection root, HttpSettings http) {
    if (!root.has("admin")) {
      return null;
    }
    JsonSection s = root.section("admin");
    s.rejectUnknown(ConfigKeys.in("admin"));
    if (!s.has("port")) {
      throw new ConfigException(s.key("port"), "missing (the admin API's port; http.port to share the service's)");
    }
    int port = s.intIn("port", 0, 1, 65535);
    boolean shared = port == http.port();
    String host = s.string("host", "127.0.0.1");
    if (shared && s.has("host") && !host.equals(http.host())) {
      throw new ConfigException(s.key("host"), "the admin API shares http.port, so it listens on http.host "
          + http.host() + "; leave admin.host out");
    }
    if (shared && s.has("tls")) {
      throw new ConfigException(s.key("tls"), "the admin API shares http.port, so it uses http.tls; leave admin.tls"
          + " out");
    }
    String tokenFile = s.string("tokenFile", null);
    if (tokenFile != null && tokenFile.isBlank()) {
      throw new ConfigException(s.key("tokenFile"), "must not be empty");
    }
    TlsSettings tls = s.has("tls") ? Tls.read(s.section("tls")) : null;
    boolean allowPlainHttp = s.bool("allowPlainHttp", false);
    String listenHost = shared ? http.host() : host;
    boolean encrypted = shared ? http.tls() != null : tls != null;
    if (!encrypted && !allowPlainHttp && !Tls.isLoopback(listenHost)) {
      // A bearer token in clear text off the machine can be read by anyone on the path.
      throw new ConfigException(s.key("host"), "the admin API would listen on " + listenHost + ", which is not a "
          + "loopback address, without TLS: give " + (shared ? "http.tls" : "admin.tls") + " (certFile, keyFile), or"
          + " set admin.allowPlainHttp to true to send the admin token in clear text");
    }
    return new AdminSettings(listenHost, port, tokenFile, tls, allowPlainHttp);
  }

  private static VertxSettings vertx(JsonSection s) {
    s.rejectUnknown(ConfigKeys.in("vertx"));
    return new VertxSettings(
        s.intIn("eventLoopPoolSize", 2 * CORES, 1, 1024),
        s.intIn("workerPoolSize", 20, 1, 10_000),
        s.longIn("maxEventLoopExecuteMs", 2000, 1, 3_600_000));
  }

  /** The built-in pools' admission: their concurrency is not a thread count of ours, so it is configured here. */
  private void builtInAdmission(JsonSection s, HttpSettings http, VertxSettings vertx,
      Map<String, AdmissionSettings> out) {
    for (String name : s.names()) {
      if (!Set.of("default", "event-loop", "virtual").contains(name) && !isClusterPoolLabel(name)) {
        throw new ConfigException(s.key(name), "unknown key (one of default, event-loop, virtual, cluster:<pool>)");
      }
    }
    out.put("event-loop", admission(s.section("event-loop"), "event-loop", http.instances(), true));
    AdmissionSettings defaultPool = admission(s.section("default"), "default", vertx.workerPoolSize(), true);
    if (defaultPool.maxConcurrent() > vertx.workerPoolSize()) {
      // More permits than threads would park the extra work in Vert.x's unbounded queue, past every deadline.
      throw new ConfigException(s.key("default") + ".maxConcurrent", defaultPool.maxConcurrent()
          + " is above vertx.workerPoolSize " + vertx.workerPoolSize());
    }
    out.put("default", defaultPool);
    if (javaFeatureVersion >= 21) {
      out.put("virtual", admission(s.section("virtual"), "virtual", 10_000, true));
    } else if (s.has("virtual")) {
      throw new ConfigException(s.key("virtual"), "virtual threads need Java 21 or later, this JVM is Java "
          + javaFeatureVersion);
    }
  }

  /**
   * Reads maxQueue, maxQueueWaitMs and limit of one pool; with {@code ownConcurrency} it also reads maxConcurrent
   * (built-in pools), otherwise the concurrency is the pool's {@code size}.
   */
  private static AdmissionSettings admission(JsonSection s, String pool, int concurrency, boolean ownConcurrency) {
    if (ownConcurrency) {
      s.rejectUnknown(ConfigKeys.in("admission.<pool>"));
    }
    int maxConcurrent = ownConcurrency ? s.intIn("maxConcurrent", concurrency, 1, 100_000) : concurrency;
    AimdSettings aimd = null;
    if (s.has("limit")) {
      aimd = aimd(s.section("limit"), maxConcurrent, ownConcurrency ? "maxConcurrent" : "size",
          ownConcurrency ? "admission.<pool>.limit" : "pools.<name>.limit");
    }
    long maxQueueWaitMs = s.longIn("maxQueueWaitMs", 5000, 1, 3_600_000);
    if (aimd != null && aimd.targetQueueWaitMs() >= maxQueueWaitMs) {
      // Queued work expires at maxQueueWaitMs, so a wait could never pass the target and the limit never fall.
      throw new ConfigException(s.key("limit") + ".targetQueueWaitMs", aimd.targetQueueWaitMs()
          + " must be below maxQueueWaitMs " + maxQueueWaitMs);
    }
    return new AdmissionSettings(pool, maxConcurrent, s.intIn("maxQueue", 1000, 0, 1_000_000), maxQueueWaitMs, aimd);
  }

  private static AimdSettings aimd(JsonSection l, int concurrency, String concurrencyKey, String limitPath) {
    l.rejectUnknown(ConfigKeys.in(limitPath));
    String type = l.string("type", null);
    if (!"aimd".equals(type)) {
      throw new ConfigException(l.key("type"), type == null ? "missing (the only type is \"aimd\")"
          : "unknown limit type \"" + type + "\" (the only type is \"aimd\")");
    }
    int min = l.intIn("min", 1, 1, concurrency);
    int max = l.intIn("max", concurrency, 1, concurrency);
    if (min > max) {
      throw new ConfigException(l.key("min"), "min " + min + " is above max " + max);
    }
    if (!l.has("targetQueueWaitMs")) {
      throw new ConfigException(l.key("targetQueueWaitMs"), "missing (the queue wait above which the limit falls)");
    }
    // max may not pass the pool's concurrency: the limit only decides how many of its threads may be busy.
    return new AimdSettings(min, max, l.longIn("targetQueueWaitMs", 0, 1, 3_600_000),
        l.doubleIn("backoffRatio", 0.9, 0.5, 0.99));
  }

  private static ReadinessSettings readiness(JsonSection s) {
    s.rejectUnknown(ConfigKeys.in("readiness"));
    return new ReadinessSettings(s.doubleIn("queueRatio", 0.8, 0.01, 1.0));
  }

  private static ShutdownSettings shutdown(JsonSection s) {
    s.rejectUnknown(ConfigKeys.in("shutdown"));
    return new ShutdownSettings(s.longIn("graceMs", 5000, 0, 600_000), s.longIn("timeoutMs", 30_000, 0, 3_600_000));
  }

  private static Map<String, PoolSettings> pools(JsonSection s, Map<String, AdmissionSettings> admission,
      ClusterSettings cluster) {
    Map<String, PoolSettings> pools = new LinkedHashMap<>();
    for (Map.Entry<String, JsonSection> e : s.sections().entrySet()) {
      String name = e.getKey();
      JsonSection p = e.getValue();
      if (!name.matches(POOL_NAME)) {
        throw new ConfigException(s.key(name), "pool name must be lower-case letters, digits and '-' (at most 32)");
      }
      if (RESERVED_POOL_NAMES.contains(name)) {
        throw new ConfigException(s.key(name), "\"" + name + "\" is reserved for a built-in pool; choose another name");
      }
      p.rejectUnknown(ConfigKeys.in("pools.<name>"));
      if (!p.has("size")) {
        throw new ConfigException(p.key("size"), "missing (the number of threads, 1..10000)");
      }
      int size = p.intIn("size", 0, 1, 10_000);
      boolean exported = p.bool("exported", false);
      if (exported && cluster == null) {
        throw new ConfigException(p.key("exported"), "an exported pool takes work from other nodes: it needs a "
            + "\"cluster\" section");
      }
      int nice = p.intIn("nice", 0, 0, 19);
      if (nice > 0 && ThreadNice.whyUnsupported() != null) {
        throw new ConfigException(p.key("nice"), ThreadNice.whyUnsupported());
      }
      pools.put(name, new PoolSettings(name, size, exported, nice));
      admission.put(name, admission(p, name, size, false));
    }
    return Collections.unmodifiableMap(pools);
  }

  private Map<String, RouteSettings> routes(JsonSection s, Map<String, PoolSettings> pools,
      ClusterSettings cluster) {
    Map<String, RouteSettings> routes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonSection> e : s.sections().entrySet()) {
      requireWorkload(s.key(e.getKey()), e.getKey());
      routes.put(e.getKey(), route(e.getValue(), pools, cluster));
    }
    return Collections.unmodifiableMap(routes);
  }

  private RouteSettings route(JsonSection r, Map<String, PoolSettings> pools, ClusterSettings cluster) {
    r.rejectUnknown(ConfigKeys.in("routes.<workload>"));
    if (!r.has("strategy")) {
      throw new ConfigException(r.key("strategy"), "missing (one of " + Strategy.allNames() + ")");
    }
    Strategy strategy = Strategy.fromConfigName(r.key("strategy"), r.string("strategy", null));
    if (r.has("ordered") && strategy != Strategy.EXECUTE_BLOCKING) {
      throw new ConfigException(r.key("ordered"), "only execute-blocking takes \"ordered\"");
    }
    String pool = r.string("pool", null);
    if (strategy.remote()) {
      if (cluster == null) {
        throw new ConfigException(r.key("strategy"), "cluster sends work to other nodes: it needs a \"cluster\" "
            + "section");
      }
      if (pool == null) {
        throw new ConfigException(r.key("pool"), "missing: cluster needs the name of a pool that worker nodes "
            + "export");
      }
      if (!pool.matches(POOL_NAME)) {
        throw new ConfigException(r.key("pool"), "pool name must be lower-case letters, digits and '-' (at most 32)");
      }
    } else if (strategy.needsPool()) {
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
    return new RouteSettings(strategy, r.bool("ordered", false), pool, r.bool("timings", true));
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
    l.rejectUnknown(ConfigKeys.in("limits.<workload>.<param>"));
    long min = l.longIn("min", spec.min(), spec.floor(), spec.ceiling());
    long max = l.longIn("max", spec.max(), spec.floor(), spec.ceiling());
    if (min > max) {
      throw new ConfigException(l.key("min"), "min " + min + " is above max " + max);
    }
    return spec.withRange(min, max);
  }

  /** Each workload checks its own section: offload does not know what a plug-in needs. */
  private Map<String, Map<String, Object>> workloadSettings(JsonSection s) {
    for (String name : s.names()) {
      requireWorkload(s.key(name), name);
    }
    Map<String, Map<String, Object>> all = new LinkedHashMap<>();
    for (Workload w : workloads.all()) {
      Map<String, Object> section = s.section(w.name()).rawCopy();
      try {
        w.checkSettings(Collections.unmodifiableMap(section));
      } catch (SettingsException e) {
        throw new ConfigException(s.key(w.name()) + "." + e.key(), e.getMessage());
      }
      all.put(w.name(), Collections.unmodifiableMap(section));
    }
    return Collections.unmodifiableMap(all);
  }

  private static MetricsSettings metrics(JsonSection s) {
    s.rejectUnknown(ConfigKeys.in("metrics"));
    return new MetricsSettings(s.longIn("lagProbeIntervalMs", 50, 1, 60_000));
  }

  private static DashboardSettings dashboard(JsonSection s) {
    s.rejectUnknown(ConfigKeys.in("dashboard"));
    return new DashboardSettings(s.bool("enabled", true), s.intIn("maxStreams", 64, 1, 10_000),
        s.intIn("historySeconds", 300, 0, 3600));
  }

  private void requireWorkload(String key, String name) {
    if (workloads.find(name).isEmpty()) {
      List<String> names = workloads.all().stream().map(Workload::name).toList();
      throw new ConfigException(key, "no workload named \"" + name + "\" (one of " + String.join(", ", names) + ")");
    }
  }
}
