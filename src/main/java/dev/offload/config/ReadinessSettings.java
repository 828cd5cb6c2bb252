package dev.offload.config;

/** {@code /ready} answers 503 while any pool's queue holds more than {@code queueRatio} of its {@code maxQueue}. */
public record ReadinessSettings(double queueRatio) {
}
