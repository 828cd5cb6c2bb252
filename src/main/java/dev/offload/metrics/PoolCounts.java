package dev.offload.metrics;

/**
 * One pool's admission figures at a moment, as its meters publish them: how many wait and run now, the current
 * limit, and the running totals by how requests ended.
 */
public record PoolCounts(int queued, int running, int limit, long admitted, long rejected, long expired,
    long cancelled, long drained, long completed, long failed) {
}
