package dev.offload.config;

/** A config value that cannot be used: names the key (a dotted path) and says why. */
public final class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String reason) {
    super(key + ": " + reason);
    this.key = key;
  }

  /** The dotted path of the offending key, e.g. {@code routes.cpu.strategy}. */
  public String key() {
    return key;
  }
}
