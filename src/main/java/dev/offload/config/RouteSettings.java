package dev.offload.config;

/** How one workload's requests are dispatched (strategy, ordering, pool) and whether their work is timed. */
public record RouteSettings(Strategy strategy, boolean ordered, String pool, boolean timings) {

  /** What a route with no entry uses: {@code execute-blocking} with {@code ordered: false}. */
  public static final RouteSettings DEFAULT = new RouteSettings(Strategy.EXECUTE_BLOCKING, false, null);

  /** A route with its timings on, as a route without the key has them. */
  public RouteSettings(Strategy strategy, boolean ordered, String pool) {
    this(strategy, ordered, pool, true);
  }
}
