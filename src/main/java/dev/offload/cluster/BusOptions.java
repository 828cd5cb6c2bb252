package dev.offload.cluster;

import dev.offload.config.ClusterSettings;
import dev.offload.config.ClusterTlsSettings;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.concurrent.TimeUnit;

/**
 * The clustered event bus's own TCP options for a {@code cluster} section: where it listens, and with
 * {@code cluster.tls} mutual TLS in both directions, every peer checked against the cluster's CA alone.
 */
public final class BusOptions {
  private BusOptions() {
  }

  public static void apply(EventBusOptions options, ClusterSettings cluster) {
    options.setHost(cluster.host()).setPort(cluster.busPort()).setClusterPublicHost(cluster.publicHost())
        // A peer that does not connect (a dead port across a network) or does not finish its handshake (no TLS
        // there) fails the writes waiting for it after this long, instead of Vert.x's 60 s and 10 s.
        .setConnectTimeout((int) cluster.connectTimeoutMs())
        .setSslHandshakeTimeout(cluster.connectTimeoutMs()).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
    ClusterTlsSettings tls = cluster.tls();
    if (tls == null) {
      return;
    }
    options.setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certFile()).setKeyPath(tls.keyFile()))
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile()))
        // The server side: a peer that sends no certificate, or one the CA did not sign, is refused.
        .setClientAuth(ClientAuth.REQUIRED)
        // The client side: EventBusOptions trusts every server certificate unless told otherwise, which would send
        // work to any JVM that joined Hazelcast and registered a consumer, however strict the servers are.
        .setTrustAll(false);
  }
}
