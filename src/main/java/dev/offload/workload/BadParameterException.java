package dev.offload.workload;

/** A request parameter that is missing, malformed or out of range; becomes a 400 that names it. */
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
