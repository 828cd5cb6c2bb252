package dev.offload.config;

/**
 * The admin API's listener ({@code admin}): {@code host:port}, on loopback unless configured otherwise; on the
 * service's own listener when {@code port} equals {@code http.port}. The bearer token comes from the environment
 * variable {@code OFFLOAD_ADMIN_TOKEN}, or else from {@code tokenFile}; with neither, the admin API is off.
 *
 * @param tokenFile a file holding the token, or null
 */
public record AdminSettings(String host, int port, String tokenFile) {
}
