package dev.offload.workload;

/** A workload's config section is wrong; the config reports it as {@code workloads.<name>.<key>: <reason>}. */
public final class SettingsException extends RuntimeException {
  private final String key;

  public SettingsException(String key, String reason) {
    super(reason, null, false, false);
    this.key = key;
  }

  /** The key inside the workload's section, e.g. {@code poolSize}. */
  public String key() {
    return key;
  }
}
