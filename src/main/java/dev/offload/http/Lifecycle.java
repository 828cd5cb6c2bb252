package dev.offload.http;

/** Whether the service is draining: once set, {@code /ready} answers 503 so a load balancer stops sending. */
public final class Lifecycle {
  private volatile boolean draining;

  public boolean draining() {
    return draining;
  }

  public void startDraining() {
    draining = true;
  }
}
