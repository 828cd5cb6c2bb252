package dev.offload.workload;

import java.util.List;
import java.util.Map;

/**
 * Blocking code that offload serves at {@code /work/<name>}; it knows nothing of Vert.x and may block its thread.
 *
 * <p>Implementations must be thread-safe: one instance runs on many threads at once. Plug-ins implement this
 * interface, list their class in {@code META-INF/services/dev.offload.workload.Workload}, and have a public no-argument
 * constructor; offload finds them with {@link java.util.ServiceLoader}.
 *
 * <p>Life cycle: {@link #checkSettings} while the config is validated, {@link #open} once before the first request
 * (on a worker thread, so it may block), {@link #run} for each request, {@link #close} when the service stops.
 */
public interface Workload {

  /** How a request carries the parameters. */
  enum Input {
    /** {@code GET} with query parameters, or {@code POST} with a JSON object. */
    QUERY_OR_BODY,
    /** {@code POST} with a JSON object only: for values that must not appear in URLs and access logs. */
    BODY_ONLY
  }

  /** The path segment and config name, e.g. {@code cpu}. */
  String name();

  /** The parameters this workload accepts, with their default ranges; validation and errors come from these. */
  List<ParamSpec> params();

  /** Does the work on the calling thread and returns the value reported as {@code result}. */
  Object run(Params params) throws Exception;

  default Input input() {
    return Input.QUERY_OR_BODY;
  }

  /**
   * True when running the same request twice does no harm (a read, a computation): a cluster node lost before it
   * answered may then have its work retried once on another node. False by default; a workload that writes must
   * leave it so, and its request is answered {@code node_lost} instead.
   */
  default boolean idempotent() {
    return false;
  }

  /**
   * Checks this workload's section of the config ({@code workloads.<name>}, empty when absent) without side effects.
   *
   * @throws SettingsException naming the key (relative to the section) and the reason
   */
  default void checkSettings(Map<String, Object> settings) {
    if (!settings.isEmpty()) {
      throw new SettingsException(settings.keySet().iterator().next(), "unknown key (" + name()
          + " takes no settings)");
    }
  }

  /** Acquires what the workload needs (connections, files) from its checked settings; may block. */
  default void open(Map<String, Object> settings) throws Exception {
  }

  /** Numbers about the workload's own resources, shown in {@code /stats} (e.g. a connection pool's usage). */
  default Map<String, Object> stats() {
    return Map.of();
  }

  /** Releases what {@link #open} acquired; may block. */
  default void close() throws Exception {
  }
}
