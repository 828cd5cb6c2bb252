package dev.offload.compare;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A parsed compare file: the strategies to compare (each a service config merged over the base, or an external
 * target), the scenarios to run against each, and how to warm up and probe. With {@code reuseJvm} one warm child
 * JVM serves every strategy, switched through its admin API, instead of a fresh JVM per strategy.
 */
public record CompareSpec(JsonObject base, List<Entry> entries, List<Scenario> scenarios, double warmupSeconds,
    double probeRatePerSecond, boolean reuseJvm) {

  /**
   * One row group of the report: an offload config to start, or a service that is already running. With
   * {@code workers} above 0 the config's service is a cluster front, and that many worker JVMs run
   * {@code workerConfig} beside it (compare wires the cluster: ports, members).
   */
  public record Entry(String name, JsonObject config, ExternalTarget target, int workers, JsonObject workerConfig) {
    public Entry(String name, JsonObject config, ExternalTarget target) {
      this(name, config, target, 0, null);
    }

    public boolean external() {
      return target != null;
    }
  }

  /**
   * A running HTTP service measured with the same load: {@code paths} maps a route to a path template whose
   * {@code {param}} parts are filled from the scenario's parameters.
   */
  public record ExternalTarget(String host, int port, Map<String, String> paths) {
  }
}
