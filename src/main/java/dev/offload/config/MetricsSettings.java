package dev.offload.config;

/** How often the event-loop lag probe fires on each event loop. */
public record MetricsSettings(long lagProbeIntervalMs) {
}
