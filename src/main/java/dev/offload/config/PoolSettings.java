package dev.offload.config;

/**
 * A named worker pool: {@code size} threads shared by every route naming it.
 *
 * <p>Its admission control ({@code maxQueue}, {@code maxQueueWaitMs}, the optional adaptive {@code limit}) is in
 * {@link OffloadConfig#admission()} under the same name. An {@code exported} pool also takes work that other nodes
 * of the cluster send it ({@code "strategy": "cluster"} there), under the same admission. {@code nice} above 0 runs
 * its threads at that Linux nice value, below the event loops (see {@link dev.offload.dispatch.ThreadNice}).
 */
public record PoolSettings(String name, int size, boolean exported, int nice) {

  /** A pool that takes work from this node only, its threads at the JVM's own priority. */
  public PoolSettings(String name, int size) {
    this(name, size, false, 0);
  }

  /** The Vert.x worker pool name, which is also the thread-name prefix ({@code offload-cpu-0}). */
  public String threadPoolName() {
    return "offload-" + name;
  }
}
