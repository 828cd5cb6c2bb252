package dev.offload.config;

import java.util.List;

/**
 * The {@code cluster} section: this node joins a Hazelcast cluster and its event bus is clustered, so routes may send
 * work to other nodes ({@code "strategy": "cluster"}) and pools marked {@code exported} take work from them.
 *
 * @param host the address Hazelcast and the event bus bind to
 * @param publicHost the address other nodes dial (NAT, containers); {@code host} by default
 * @param port Hazelcast's member port, exactly: one in use is refused at start, never replaced by another
 * @param busPort the event bus's TCP port, 0 for any free one
 * @param members the seed members, {@code host} or {@code host:port}, joined over TCP (no multicast)
 * @param failureDetectionMs a node silent this long is taken as lost: its work is retried or answered
 * @param requestTimeoutMs how long a cluster route's answer may take when the client gives no
 *     {@code X-Request-Timeout-Ms}
 * @param maxAttempts how many nodes one request may try when they refuse it unstarted (full queue, draining)
 * @param connectTimeoutMs how long a front gives a node's event bus to connect, finish its TLS handshake and answer a
 *     probe: a node that does not in this time is left out of the choice as unreachable
 * @param tls mutual TLS on the event bus, or null for clear text (refused off loopback unless {@code allowPlainText})
 * @param allowPlainText true to run the event bus in clear text on a non-loopback address
 */
public record ClusterSettings(String name, String host, String publicHost, int port, int busPort,
    List<String> members, long failureDetectionMs, long requestTimeoutMs, int maxAttempts, long connectTimeoutMs,
    ClusterTlsSettings tls, boolean allowPlainText) {
  public static final long DEFAULT_CONNECT_TIMEOUT_MS = 2000;

  /** A clear-text cluster with the default connect timeout: loopback set-ups and tests. */
  public ClusterSettings(String name, String host, String publicHost, int port, int busPort, List<String> members,
      long failureDetectionMs, long requestTimeoutMs, int maxAttempts) {
    this(name, host, publicHost, port, busPort, members, failureDetectionMs, requestTimeoutMs, maxAttempts,
        DEFAULT_CONNECT_TIMEOUT_MS, null, false);
  }

  /** How often an exporting node tells the others its load: several times within the failure detection time. */
  public long loadIntervalMs() {
    return Math.max(20, Math.min(250, failureDetectionMs / 5));
  }

  /** How often a front asks again of a node it could not reach: once per failure detection time. */
  public long reprobeIntervalMs() {
    return failureDetectionMs;
  }
}
