package dev.offload.config;

/**
 * The HTTP listener: {@code instances} verticle instances share one {@code host:port}.
 *
 * @param maxBodyBytes the largest request body taken (a JSON work request); a larger one gets 413
 */
public record HttpSettings(String host, int port, int instances, long maxBodyBytes) {
}
