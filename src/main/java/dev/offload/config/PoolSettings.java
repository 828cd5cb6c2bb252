package dev.offload.config;

/**
 * A named worker pool: {@code size} threads shared by every route naming it.
 *
 * <p>Its admission control ({@code maxQueue}, {@code maxQueueWaitMs}, the optional adaptive {@code limit}) is in
 * {@link OffloadConfig#admission()} under the same name. An {@code exported} pool also takes work that other nodes
 * of the cluster send it ({@code "strategy": "cluster"} there), under the same admission.
 */
public record PoolSettings(String name, int size, boolean exported) {

  /** A pool that takes work from this node only. */
  public PoolSettings(String name, int size) {
    this(name, size, false);
  }

  /** The Vert.x worker pool name, which is also the thread-name prefix ({@code offload-cpu-0}). */
  public String threadPoolName() {
    return "offload-" + name;
  }
}
