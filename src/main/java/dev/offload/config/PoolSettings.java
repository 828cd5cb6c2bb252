package dev.offload.config;

/**
 * A named worker pool: {@code size} threads shared by every route naming it.
 *
 * <p>{@code maxQueue} and {@code maxQueueWaitMs} are validated now; admission control (bounded queue, deadline)
 * is what enforces them.
 */
public record PoolSettings(String name, int size, int maxQueue, long maxQueueWaitMs) {

  /** The Vert.x worker pool name, which is also the thread-name prefix ({@code offload-cpu-0}). */
  public String threadPoolName() {
    return "offload-" + name;
  }
}
