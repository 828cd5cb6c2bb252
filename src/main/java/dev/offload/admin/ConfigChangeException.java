package dev.offload.admin;

/**
 * A config change that was refused, and why: an invalid config (400), one that needs a restart (409), or any change
 * while the service drains (409).
 */
public final class ConfigChangeException extends RuntimeException {
  private final int status;
  private final String error;
  private final String key;

  private ConfigChangeException(int status, String error, String key, String message) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
    this.key = key;
  }

  static ConfigChangeException invalid(String key, String message) {
    return new ConfigChangeException(400, "invalid_config", key, message);
  }

  static ConfigChangeException needsRestart(String key, String message) {
    return new ConfigChangeException(409, "needs_restart", key, message);
  }

  static ConfigChangeException draining() {
    return new ConfigChangeException(409, "draining", null, "the service is draining; config changes are refused");
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  /** The dotted config key at fault. */
  public String key() {
    return key;
  }
}
