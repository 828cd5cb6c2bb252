package dev.offload.config;

/**
 * Graceful drain on SIGTERM: {@code /ready} turns 503 at once, the service keeps serving for {@code graceMs}, then
 * stops accepting and gives running and queued work up to {@code timeoutMs} before answering the rest 503.
 */
public record ShutdownSettings(long graceMs, long timeoutMs) {
}
