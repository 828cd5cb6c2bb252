package dev.offload.config;

/** Vert.x's own thread settings: event loops, the default worker pool, and the blocked-thread warning threshold. */
public record VertxSettings(int eventLoopPoolSize, int workerPoolSize, long maxEventLoopExecuteMs) {
}
