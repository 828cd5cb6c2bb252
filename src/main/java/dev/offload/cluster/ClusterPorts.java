package dev.offload.cluster;

import dev.offload.config.ClusterSettings;
import dev.offload.config.ConfigException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks before a join that the ports a {@code cluster} section names are free on {@code cluster.host}: Hazelcast
 * and the event bus would otherwise fail deep in their start-up, or Hazelcast pick another port that no member list
 * names. A port taken between this check and the bind still fails the start, with a less clear message.
 */
public final class ClusterPorts {
  private ClusterPorts() {
  }

  /** Throws a {@link ConfigException} naming {@code cluster.port} or {@code cluster.busPort} when one is in use. */
  public static void requireFree(ClusterSettings cluster) {
    requireFree(cluster.host(), cluster.port(), "cluster.port");
    if (cluster.busPort() != 0) {
      requireFree(cluster.host(), cluster.busPort(), "cluster.busPort");
    }
  }

  private static void requireFree(String host, int port, String key) {
    try (ServerSocket socket = new ServerSocket()) {
      // As the service binds it: without SO_REUSEADDR a port in TIME_WAIT would look taken on Linux.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new ConfigException(key, host + ":" + port + " cannot be bound (" + e.getMessage() + "): is another "
          + "node or program using it? Give a free port");
    }
  }
}
