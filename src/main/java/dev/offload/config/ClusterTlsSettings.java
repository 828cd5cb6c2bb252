package dev.offload.config;

/**
 * Mutual TLS on the cluster's event bus: this node's certificate and key, and the CA that signs every node. A node
 * talks only to peers whose certificate that CA signed, in both directions.
 *
 * @param certFile PEM certificate chain of this node, its own certificate first
 * @param keyFile PEM private key of that certificate (PKCS#8, PKCS#1 RSA or SEC1 EC)
 * @param caFile PEM certificate(s) of the cluster's CA: the only issuers a peer's certificate is checked against
 */
public record ClusterTlsSettings(String certFile, String keyFile, String caFile) {
}
