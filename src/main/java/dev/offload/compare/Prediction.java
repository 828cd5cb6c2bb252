package dev.offload.compare;

import dev.offload.config.AdmissionSettings;
import dev.offload.config.ConfigParser;
import dev.offload.config.OffloadConfig;
import dev.offload.config.RouteSettings;
import dev.offload.config.Strategy;
import java.util.Map;

/**
 * What queueing theory predicts for a sleep workload (Little's law): C tasks that each wait S seconds complete at
 * most C / S per second, where C is the route's real concurrency — its pool's limit, but one per HTTP instance
 * for ordered {@code execute-blocking} and for {@code event-loop}, and for {@code cluster} the threads the worker
 * nodes export for the pool, at most the front's own limit. The prediction is min(offered rate, C / S).
 *
 * @param clusterThreads per pool, the threads compare's worker nodes export for it (empty without workers)
 */
record Prediction(OffloadConfig config, Map<String, Integer> clusterThreads) {

  Prediction(OffloadConfig config) {
    this(config, Map.of());
  }

  /** The predicted completions per second, or null where there is no prediction (not a sleep workload). */
  Double completedPerSecond(Scenario.Load load) {
    Object ms = load.params().get("ms");
    if (!load.route().equals("sleep") || ms == null) {
      return null;
    }
    double seconds = Double.parseDouble(String.valueOf(ms)) / 1000;
    if (seconds <= 0) {
      return null;
    }
    Integer concurrency = concurrency(load.route());
    return concurrency == null ? null : Math.min(load.ratePerSecond(), concurrency / seconds);
  }

  /** The route's concurrency, or null where compare does not know it (a cluster pool it did not start). */
  Integer concurrency(String route) {
    RouteSettings r = config.route(route);
    if (r.strategy() == Strategy.EVENT_LOOP || (r.strategy() == Strategy.EXECUTE_BLOCKING && r.ordered())) {
      return config.http().instances();
    }
    if (r.strategy() == Strategy.CLUSTER) {
      Integer threads = clusterThreads.get(r.pool());
      return threads == null ? null
          : Math.min(threads, config.admission().get(ConfigParser.clusterPoolLabel(r.pool())).maxConcurrent());
    }
    String pool = switch (r.strategy()) {
      case EXECUTE_BLOCKING -> "default";
      case VIRTUAL_THREAD -> "virtual";
      default -> r.pool();
    };
    AdmissionSettings admission = config.admission().get(pool);
    return admission.aimd() != null ? admission.aimd().max() : admission.maxConcurrent();
  }
}
