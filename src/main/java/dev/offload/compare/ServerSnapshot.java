package dev.offload.compare;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the comparison reads off an offload child before and after a scenario: its CPU time, its work requests per
 * instance and the service time it spent on work (from {@code /metrics}; null when no route's work is timed, as
 * with {@code "timings": false}), and its {@code /stats}.
 */
record ServerSnapshot(long nanos, double cpuSeconds, Map<Integer, Double> workRequestsByInstance,
    Double serviceSeconds, JsonObject stats) {

  static ServerSnapshot take(ChildService child) throws Exception {
    String metrics = child.get("/metrics").body();
    JsonObject stats = new JsonObject(child.get("/stats").body());
    return new ServerSnapshot(System.nanoTime(), child.cpuSeconds(), requestsByInstance(metrics),
        sum(metrics, "offload_service_seconds_sum{"), stats);
  }

  /** Work requests answered per instance, from {@code offload_requests_total{instance="N",…}}. */
  static Map<Integer, Double> requestsByInstance(String metrics) {
    Map<Integer, Double> out = new TreeMap<>();
    for (String line : metrics.split("\n")) {
      if (line.startsWith("offload_requests_total{")) {
        int start = line.indexOf("instance=\"") + "instance=\"".length();
        int instance = Integer.parseInt(line.substring(start, line.indexOf('"', start)));
        out.merge(instance, value(line), Double::sum);
      }
    }
    return out;
  }

  /** The sum of every sample of the series {@code prefix} starts, or null when there is none. */
  static Double sum(String metrics, String prefix) {
    Double total = null;
    for (String line : metrics.split("\n")) {
      if (line.startsWith(prefix)) {
        total = (total == null ? 0 : total) + value(line);
      }
    }
    return total;
  }

  private static double value(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }
}
