package dev.offload.config;

/**
 * An adaptive concurrency limit: it moves between {@code min} and {@code max}, up by one while queue wait stays
 * under {@code targetQueueWaitMs}, down by {@code backoffRatio} when it goes over (AIMD).
 */
public record AimdSettings(int min, int max, long targetQueueWaitMs, double backoffRatio) {
}
