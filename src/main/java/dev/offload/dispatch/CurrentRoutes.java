package dev.offload.dispatch;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The one place requests read the route table from, once per request, so that a new table can be swapped in at
 * runtime without redeploying verticles.
 */
public final class CurrentRoutes {
  private final AtomicReference<RouteTable> current;

  public CurrentRoutes(RouteTable initial) {
    this.current = new AtomicReference<>(initial);
  }

  public RouteTable get() {
    return current.get();
  }

  public void set(RouteTable table) {
    current.set(table);
  }
}
