package dev.offload.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every key the config file may hold, section by section, declared once: the parser refuses any key not named
 * here, and the docs test holds docs/configuration.md to the same list.
 *
 * <p>A section is named by its dotted path, with a placeholder where the file chooses the name: {@code <name>} for
 * a pool under {@code pools}, {@code <pool>} under {@code admission} (a built-in pool or {@code cluster:<name>}),
 * {@code <workload>} under {@code routes}, {@code limits} and {@code workloads}, {@code <param>} for a workload's
 * parameter. The keys inside {@code workloads.<workload>} belong to the workload, which checks them itself.
 */
public final class ConfigKeys {
  private static final List<String> LIMIT = List.of("type", "min", "max", "targetQueueWaitMs", "backoffRatio");
  private static final List<String> TLS = List.of("certFile", "keyFile");
  private static final Map<String, Set<String>> SECTIONS = new LinkedHashMap<>();

  static {
    section("", "http", "vertx", "pools", "routes", "limits", "metrics", "admission", "readiness", "shutdown",
        "workloads", "admin", "cluster", "dashboard");
    section("http", "host", "port", "instances", "maxBodyBytes", "idleTimeoutSeconds", "requestHeaderTimeoutMs",
        "maxConnections", "maxHeaderBytes", "maxInitialLineBytes", "tls");
    section("http.tls", TLS);
    section("vertx", "eventLoopPoolSize", "workerPoolSize", "maxEventLoopExecuteMs");
    section("pools", "<name>");
    section("pools.<name>", "size", "maxQueue", "maxQueueWaitMs", "limit", "exported", "nice");
    section("pools.<name>.limit", LIMIT);
    section("admission", "<pool>");
    section("admission.<pool>", "maxConcurrent", "maxQueue", "maxQueueWaitMs", "limit");
    section("admission.<pool>.limit", LIMIT);
    section("routes", "<workload>");
    section("routes.<workload>", "strategy", "ordered", "pool", "timings");
    section("limits", "<workload>");
    section("limits.<workload>", "<param>");
    section("limits.<workload>.<param>", "min", "max");
    section("metrics", "lagProbeIntervalMs");
    section("readiness", "queueRatio");
    section("shutdown", "graceMs", "timeoutMs");
    section("workloads", "<workload>");
    section("admin", "host", "port", "tokenFile", "tls", "allowPlainHttp");
    section("admin.tls", TLS);
    section("cluster", "name", "host", "publicHost", "port", "busPort", "members", "failureDetectionMs",
        "requestTimeoutMs", "maxAttempts", "connectTimeoutMs", "tls", "allowPlainText");
    section("cluster.tls", "certFile", "keyFile", "caFile");
    section("dashboard", "enabled", "maxStreams", "historySeconds");
  }

  private ConfigKeys() {
  }

  private static void section(String path, String... keys) {
    section(path, List.of(keys));
  }

  private static void section(String path, List<String> keys) {
    SECTIONS.put(path, Collections.unmodifiableSet(new LinkedHashSet<>(keys)));
  }

  /** The keys allowed directly in the section at {@code path} (as the class comment names sections). */
  static Set<String> in(String path) {
    Set<String> keys = SECTIONS.get(path);
    if (keys == null) {
      throw new IllegalArgumentException("no config section " + path);
    }
    return keys;
  }

  /**
   * Every key that holds a value rather than a section of its own, as a dotted path with placeholders, in file
   * order; {@code workloads.<workload>} stands for each workload's own section.
   */
  public static List<String> leaves() {
    List<String> out = new ArrayList<>();
    collectLeaves("", out);
    return out;
  }

  /** Every section below the top, as a dotted path with placeholders. */
  public static Set<String> sections() {
    Set<String> out = new LinkedHashSet<>(SECTIONS.keySet());
    out.remove("");
    return out;
  }

  private static void collectLeaves(String path, List<String> out) {
    for (String key : SECTIONS.get(path)) {
      String child = path.isEmpty() ? key : path + "." + key;
      if (SECTIONS.containsKey(child)) {
        collectLeaves(child, out);
      } else {
        out.add(child);
      }
    }
  }
}
