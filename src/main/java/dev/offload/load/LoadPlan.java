package dev.offload.load;

import java.util.List;
import java.util.Map;

/**
 * What an open-loop load sends: {@code requests} (taken in turn) at {@code ratePerSecond}, first for
 * {@code warmupMs} (not recorded), then for {@code durationMs} (recorded).
 *
 * @param maxConnections connections the generator may open; a request that finds none free waits, and that wait
 *     counts in its latency, since latency runs from the request's scheduled time
 * @param headers extra request headers, e.g. {@code X-Request-Timeout-Ms}
 * @param windowMs the width of the time windows whose p99 shows how latency moves during the run
 */
public record LoadPlan(String host, int port, List<LoadRequest> requests, double ratePerSecond, long warmupMs,
    long durationMs, int maxConnections, long requestTimeoutMs, Map<String, String> headers, long windowMs) {

  public LoadPlan {
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
      throw new IllegalArgumentException("host: load is only sent to loopback (127.0.0.1, localhost, ::1), got " + host);
    }
    if (requests.isEmpty()) {
      throw new IllegalArgumentException("requests: at least one");
    }
    if (!(ratePerSecond > 0 && ratePerSecond <= 100_000)) {
      throw new IllegalArgumentException("ratePerSecond: in (0, 100000], got " + ratePerSecond);
    }
    if (durationMs <= 0 || warmupMs < 0 || maxConnections < 1 || requestTimeoutMs < 1 || windowMs < 1) {
      throw new IllegalArgumentException("durationMs, maxConnections, requestTimeoutMs and windowMs must be positive,"
          + " warmupMs not negative");
    }
    requests = List.copyOf(requests);
    headers = Map.copyOf(headers);
  }
}
