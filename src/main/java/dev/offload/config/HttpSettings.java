package dev.offload.config;

/**
 * The HTTP listener: {@code instances} verticle instances share one {@code host:port}.
 *
 * @param maxBodyBytes the largest request body taken (a JSON work request); a larger one gets 413
 * @param idleTimeoutSeconds a connection with no request in progress (or whose body stopped arriving) is closed
 *     after this long without a byte
 * @param requestHeaderTimeoutMs a request head (request line and headers) must be complete this long after its first
 *     byte (after the accept for a connection's first request), or the connection is closed (408 once a request line
 *     was read)
 * @param maxConnections connections open at once; one more is closed at once and counted
 * @param maxHeaderBytes the largest request head's headers (431 above it)
 * @param maxInitialLineBytes the longest request line (414 above it)
 * @param tls the listener's TLS (HTTP/2 through ALPN), or null for plain HTTP/1.1
 */
public record HttpSettings(String host, int port, int instances, long maxBodyBytes, int idleTimeoutSeconds,
    long requestHeaderTimeoutMs, int maxConnections, int maxHeaderBytes, int maxInitialLineBytes, TlsSettings tls) {
}
