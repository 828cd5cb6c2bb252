package dev.offload.config;

/** How one workload's requests are dispatched: a strategy, its ordering (execute-blocking) and its pool. */
public record RouteSettings(Strategy strategy, boolean ordered, String pool) {

  /** What a route with no entry uses: {@code execute-blocking} with {@code ordered: false}. */
  public static final RouteSettings DEFAULT = new RouteSettings(Strategy.EXECUTE_BLOCKING, false, null);
}
