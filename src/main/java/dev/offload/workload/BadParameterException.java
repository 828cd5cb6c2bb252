package dev.offload.workload;

/**
 * A request parameter that is missing, malformed or out of range, found while the parameters are read (before any
 * work is admitted): a 400 that names it. Thrown from {@code Workload.run} it is the workload's own failure, a 500.
 */
public final class BadParameterException extends RuntimeException {
  private final String param;

  public BadParameterException(String param, String message) {
    super(message, null, false, false);
    this.param = param;
  }

  public String param() {
    return param;
  }
}
