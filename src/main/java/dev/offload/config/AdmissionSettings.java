package dev.offload.config;

/**
 * Admission control of one pool: at most {@code maxConcurrent} tasks run (or the adaptive limit when {@code aimd}
 * is set), at most {@code maxQueue} wait, none longer than {@code maxQueueWaitMs}.
 *
 * @param pool the pool label: a named pool, or {@code default}, {@code event-loop}, {@code virtual}
 * @param aimd the adaptive limit, or null for a fixed limit of {@code maxConcurrent}
 */
public record AdmissionSettings(String pool, int maxConcurrent, int maxQueue, long maxQueueWaitMs, AimdSettings aimd) {
}
