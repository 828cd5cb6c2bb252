package dev.offload.config;

/**
 * The admin API's listener ({@code admin}): {@code host:port}, on loopback unless configured otherwise; on the
 * service's own listener when {@code port} equals {@code http.port}. The bearer token comes from the environment
 * variable {@code OFFLOAD_ADMIN_TOKEN}, or else from {@code tokenFile}; with neither, the admin API is off. Off the
 * loopback interface it needs TLS ({@code tls}, or {@code http.tls} when it shares the service's port) unless
 * {@code allowPlainHttp} says clear text is wanted.
 *
 * @param tokenFile a file holding the token, or null
 * @param tls the admin listener's own TLS, or null (always null when it shares the service's port)
 * @param allowPlainHttp true when the config explicitly allows the admin API in clear text off the machine
 */
public record AdminSettings(String host, int port, String tokenFile, TlsSettings tls, boolean allowPlainHttp) {
}
