package dev.offload.config;

/**
 * A listener's TLS: a certificate chain and its private key, both PEM files checked at start.
 *
 * @param certFile PEM certificate chain, the server's certificate first
 * @param keyFile PEM private key (PKCS#8 or PKCS#1)
 */
public record TlsSettings(String certFile, String keyFile) {
}
