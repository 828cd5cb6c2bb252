package dev.offload.compare;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A parsed compare file: the strategies to compare (each a service config merged over the base, or an external
 * target), the scenarios to run against each, and how to warm up and probe. With {@code reuseJvm} one warm child
 * JVM serves every strategy, switched through its admin API, instead of a fresh JVM per strategy. The whole set runs
 * {@code repeat} times, the strategies' order rotated each round; {@code calibrate} (or null) sizes one parameter per
 * strategy so that a single request takes about the same time on each; {@code expectations} are verdicts known in
 * advance, checked after the run ({@link Expectations}).
 */
public record CompareSpec(JsonObject base, List<Entry> entries, List<Scenario> scenarios, double warmupSeconds,
    double probeRatePerSecond, boolean reuseJvm, int repeat, Calibrate calibrate,
    List<Expectations.Expectation> expectations) {

  public CompareSpec(JsonObject base, List<Entry> entries, List<Scenario> scenarios, double warmupSeconds,
      double probeRatePerSecond, boolean reuseJvm, int repeat, Calibrate calibrate) {
    this(base, entries, scenarios, warmupSeconds, probeRatePerSecond, reuseJvm, repeat, calibrate, List.of());
  }

  public CompareSpec(JsonObject base, List<Entry> entries, List<Scenario> scenarios, double warmupSeconds,
      double probeRatePerSecond, boolean reuseJvm) {
    this(base, entries, scenarios, warmupSeconds, probeRatePerSecond, reuseJvm, 1, null);
  }

  /**
   * Before a strategy's scenarios, find the value of {@code param} at which one request to {@code route} takes about
   * {@code targetMs} there, and use it in every load on that route. {@code start} is the first value tried.
   */
  public record Calibrate(String route, String param, double targetMs, long start) {
  }

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
