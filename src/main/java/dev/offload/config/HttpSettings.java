package dev.offload.config;

/** The HTTP listener: {@code instances} verticle instances share one {@code host:port}. */
public record HttpSettings(String host, int port, int instances) {
}
