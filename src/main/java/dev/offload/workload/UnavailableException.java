package dev.offload.workload;

/**
 * A workload cannot do its work right now because something it depends on is down (a database that refuses
 * connections, say). The client gets 503 and may retry; any other exception is a 500.
 */
public final class UnavailableException extends Exception {
  private final String dependency;

  public UnavailableException(String dependency, String message, Throwable cause) {
    super(message, cause);
    this.dependency = dependency;
  }

  /** What is down, e.g. {@code database}. */
  public String dependency() {
    return dependency;
  }
}
