package dev.offload.config;

/**
 * A named worker pool: {@code size} threads shared by every route naming it.
 *
 * <p>Its admission control ({@code maxQueue}, {@code maxQueueWaitMs}, the optional adaptive {@code limit}) is in
 * {@link OffloadConfig#admission()} under the same name.
 */
public record PoolSettings(String name, int size) {

  /** The Vert.x worker pool name, which is also the thread-name prefix ({@code offload-cpu-0}). */
  public String threadPoolName() {
    return "offload-" + name;
  }
}
