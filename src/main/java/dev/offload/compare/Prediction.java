package dev.offload.compare;

import dev.offload.config.AdmissionSettings;
import dev.offload.config.OffloadConfig;
import dev.offload.config.RouteSettings;
import dev.offload.config.Strategy;

/**
 * What queueing theory predicts for a sleep workload (Little's law): C tasks that each wait S seconds complete at
 * most C / S per second, where C is the route's real concurrency — its pool's limit, but one per HTTP instance
 * for ordered {@code execute-blocking} and for {@code event-loop}. The prediction is min(offered rate, C / S).
 */
record Prediction(OffloadConfig config) {

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
    return Math.min(load.ratePerSecond(), concurrency(load.route()) / seconds);
  }

  int concurrency(String route) {
    RouteSettings r = config.route(route);
    if (r.strategy() == Strategy.EVENT_LOOP || (r.strategy() == Strategy.EXECUTE_BLOCKING && r.ordered())) {
      return config.http().instances();
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
