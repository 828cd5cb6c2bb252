package dev.offload.service;

import java.util.concurrent.atomic.AtomicReference;

/** The one place the running service reads its {@link ServiceState} from; a config change replaces it whole. */
public final class CurrentState {
  private final AtomicReference<ServiceState> current;

  public CurrentState(ServiceState initial) {
    this.current = new AtomicReference<>(initial);
  }

  public ServiceState get() {
    return current.get();
  }

  /** Only the config applier swaps states, one change at a time. */
  void set(ServiceState next) {
    current.set(next);
  }
}
