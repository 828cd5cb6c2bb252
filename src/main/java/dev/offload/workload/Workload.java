package dev.offload.workload;

import java.util.List;

/**
 * Blocking code that offload serves at {@code /work/<name>}; it knows nothing of Vert.x and may block its thread.
 *
 * <p>Implementations must be thread-safe: one instance runs on many threads at once.
 */
public interface Workload {

  /** The path segment and config name, e.g. {@code cpu}. */
  String name();

  /** The parameters this workload accepts, with their default ranges; validation and errors come from these. */
  List<ParamSpec> params();

  /** Does the work on the calling thread and returns the value reported as {@code result}. */
  Object run(Params params) throws Exception;
}
