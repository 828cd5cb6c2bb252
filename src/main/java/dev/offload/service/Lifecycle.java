package dev.offload.service;

/**
 * Where the service is in its graceful stop. Draining: {@code /ready} answers 503 so a load balancer stops sending,
 * but requests are served as usual. Closing (after {@code shutdown.graceMs}): the listener no longer accepts,
 * every HTTP/1.x request is answered with {@code Connection: close}, and idle connections are closed between
 * requests.
 */
public final class Lifecycle {
  private volatile boolean draining;
  private volatile boolean closing;

  public boolean draining() {
    return draining;
  }

  public void startDraining() {
    draining = true;
  }

  public boolean closing() {
    return closing;
  }

  /** The grace period is over: open connections are closed as their requests are answered. */
  public void startClosing() {
    draining = true;
    closing = true;
  }
}
